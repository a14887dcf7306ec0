/* spynn's bare-metal runtime for one SpiNNaker ARM968 core, and its
 * implementation of platform.h.  No spinnaker_tools: it drives the timer,
 * the VIC, the DMA controller and the communications controller itself.
 *
 * Events and priorities (sPyNNaker's: spynnaker-internals.md 4.2):
 *   FIQ         multicast packet received -> key into the input queue
 *   IRQ slot 0  DMA done                  -> wakes the row processing waiting for it
 *   IRQ slot 1  timer tick                -> schedules the tick's update
 *   main loop   (the "background", interrupts enabled): rows of queued keys
 *               (kernel->receive), and the update of each tick (kernel->update).
 *
 * Timing, the emulator's contract: a key sent in tick t is processed with tick
 * t + 1 (its synapses land in slot t + 1 + d).  Keys processed between
 * update(t) and update(t + 1) are given tick t + 1; at each timer tick the
 * queue is drained first, then the neurons are updated.
 *
 * Loading (done by the host): the image goes to ITCM, and the loader writes
 * spynn_boot (symbol in the ELF, in DTCM) before releasing the core. */
#include <stddef.h>
#include <stdint.h>

#include "platform.h"
#include "spinnaker_hw.h"

#ifndef SPYNN_KERNEL
#error "build with -DSPYNN_KERNEL=<kernel symbol> (see c_kernels/builds.txt)"
#endif
extern const kernel_t SPYNN_KERNEL;

/* Written by the loader; status written back for it. */
typedef struct {
    uint32_t sdram_base;   /* address of word 0 of the chip's SDRAM image (region offsets count from it) */
    uint32_t block_offset; /* this core's block (spynn/image) [words from sdram_base] */
    uint32_t n_ticks;      /* ticks to run; 0 = until the host stops the core */
    uint32_t status;       /* out: SPYNN_RUNNING, SPYNN_DONE or a negative kernel init error */
    uint32_t tick;         /* out: ticks run */
} spynn_boot_t;
#define SPYNN_RUNNING 1u
#define SPYNN_DONE 2u
volatile spynn_boot_t spynn_boot __attribute__((section(".boot")));

#define INPUT_QUEUE 256u /* packets (a power of two), as sPyNNaker's incoming spike buffer */
#define DMA_BUFFER_WORDS (MAX_ROW_PAYLOAD_WORDS + ROW_HEADER_WORDS)

struct core {
    uint32_t *sdram;
    uint32_t *block;
    provenance_t *prov;
    void *kstate;
    uint32_t heap_used;
};

static struct core the_core;
static uint32_t dma_buffer[DMA_BUFFER_WORDS] __attribute__((aligned(8)));
static volatile uint32_t dma_done;
static volatile uint32_t ticks_pending; /* timer ticks not yet updated */
static uint32_t queue[INPUT_QUEUE];
static volatile uint32_t queue_in, queue_out, queue_dropped; /* FIQ writes queue_in, main reads */

extern uint8_t _heap_start[], _heap_end[];

/* ------------------------------------------------------ interrupt masking */

static inline uint32_t irq_disable(void) {
    uint32_t cpsr;
    __asm__ volatile("mrs %0, cpsr\n\torr r12, %0, #0x80\n\tmsr cpsr_c, r12" : "=r"(cpsr) : : "r12", "memory");
    return cpsr;
}
static inline void cpsr_restore(uint32_t cpsr) { __asm__ volatile("msr cpsr_c, %0" : : "r"(cpsr) : "memory"); }
static inline void interrupts_enable(void) {
    uint32_t r;
    __asm__ volatile("mrs %0, cpsr\n\tbic %0, %0, #0xC0\n\tmsr cpsr_c, %0" : "=r"(r) : : "memory");
}
/* ARM968 wait-for-interrupt (CP15 c7): sleeps until an interrupt is pending,
 * even while it is masked, so a check-then-sleep with IRQs masked never misses one. */
static inline void wait_for_interrupt(void) { __asm__ volatile("mcr p15, 0, %0, c7, c0, 4" : : "r"(0) : "memory"); }

/* ------------------------------------------------------------------ ISRs */

/* FIQ: a multicast packet arrived. */
void fiq_isr(void) {
    uint32_t key = CC[CC_RXKEY]; /* takes the packet, clears the interrupt */
    uint32_t in = queue_in;
    if (in - queue_out >= INPUT_QUEUE) {
        queue_dropped++;
        return;
    }
    queue[in & (INPUT_QUEUE - 1u)] = key;
    queue_in = in + 1u;
}

static void dma_done_isr(void) {
    DMA[DMA_CTRL] = 0x8u; /* clear the transfer-done interrupt */
    dma_done = 1;
}

static void timer_isr(void) {
    TC[T1_INT_CLR] = 1u;
    ticks_pending++;
}

static void spurious_isr(void) {}

/* ------------------------------------------------------------- platform.h */

uint32_t *platform_region(core_t *c, uint32_t region, uint32_t *n_words) {
    if (region >= MAX_REGIONS) {
        *n_words = 0;
        return 0;
    }
    uint32_t off = c->block[2 + 2 * region], size = c->block[3 + 2 * region];
    *n_words = size;
    return size ? c->sdram + off : 0;
}

/* One DMA transfer, waited for; the DMA-done interrupt wakes the core. */
static void dma_transfer(uint32_t sdram, uint32_t *tcm, uint32_t n_words, uint32_t direction) {
    uint32_t cpsr = irq_disable();
    dma_done = 0;
    DMA[DMA_ADRS] = sdram;
    DMA[DMA_ADRT] = (uint32_t)tcm;
    DMA[DMA_DESC] = DMA_DESC_BURST | direction | (4u * n_words);
    while (!dma_done) {
        wait_for_interrupt();
        cpsr_restore(cpsr); /* let the DMA-done IRQ in */
        irq_disable();
    }
    cpsr_restore(cpsr);
}

uint32_t *platform_dma_read(core_t *c, const uint32_t *sdram_src, uint32_t n_words) {
    (void)c;
    /* a row longer than the buffer cannot come from spynn (rows are split); read it in place */
    if (n_words > DMA_BUFFER_WORDS) return (uint32_t *)sdram_src;
    dma_transfer((uint32_t)sdram_src, dma_buffer, n_words, DMA_DESC_READ);
    return dma_buffer;
}

void platform_dma_write(core_t *c, uint32_t *sdram_dst, const uint32_t *dtcm_src, uint32_t n_words) {
    (void)c;
    if (sdram_dst == dtcm_src || n_words == 0) return;
    dma_transfer((uint32_t)sdram_dst, (uint32_t *)dtcm_src, n_words, DMA_DESC_WRITE);
}

void platform_send_spike(core_t *c, uint32_t key) {
    (void)c;
    CC[CC_TCR] = CC_TCR_MC; /* multicast, no payload; clears the sticky "full" bit */
    while (CC[CC_TCR] & CC_TX_FULL) CC[CC_TCR] = CC_TCR_MC;
    CC[CC_TXKEY] = key; /* sends it */
}

uint32_t platform_next_spikes(core_t *c, uint32_t *keys, uint32_t *hints, uint32_t max) {
    (void)c;
    uint32_t out = queue_out, n = 0;
    while (n < max && out != queue_in) {
        hints[n] = 0;
        keys[n++] = queue[out++ & (INPUT_QUEUE - 1u)];
    }
    queue_out = out;
    return n;
}

void *platform_dtcm_alloc(core_t *c, uint32_t n_bytes) {
    uint32_t size = (n_bytes + 7u) & ~7u;
    if (size > (uint32_t)(_heap_end - _heap_start) - c->heap_used) return 0;
    uint32_t *p = (uint32_t *)(_heap_start + c->heap_used);
    for (uint32_t i = 0; i < size / 4u; i++) p[i] = 0;
    c->heap_used += size;
    if (c->prov) c->prov->dtcm_bytes = c->heap_used;
    return p;
}

void *platform_host_alloc(core_t *c, uint32_t n_bytes) {
    (void)c;
    (void)n_bytes;
    return 0; /* no host here */
}

uint32_t platform_spikes_withheld(core_t *c) {
    (void)c;
    return 0; /* every key reaches the core */
}

provenance_t *platform_provenance(core_t *c) { return c->prov; }

void **platform_kernel_state(core_t *c) { return &c->kstate; }

/* --------------------------------------------------------------- set-up */

static void configure_hardware(uint32_t timestep_us) {
    VIC[VIC_DISABLE] = 0xFFFFFFFFu;
    CC[CC_TCR] = CC_TCR_MC;
    DMA[DMA_CTRL] = 0x3Fu; /* abort anything pending */
    DMA[DMA_CTRL] = 0x0Du; /* clear done, restart */
    DMA[DMA_GCTL] = DMA_GCTL_DONE_IRQ;
    TC[T1_CONTROL] = 0u;
    TC[T1_INT_CLR] = 1u;
    TC[T1_LOAD] = timestep_us * CPU_CLOCK_MHZ;
    TC[T1_BG_LOAD] = timestep_us * CPU_CLOCK_MHZ;
    VIC[VIC_ADDR0 + 0] = (uint32_t)dma_done_isr; /* slot 0: highest IRQ priority */
    VIC[VIC_CNTL0 + 0] = VIC_CNTL_ENABLE | DMA_DONE_INT;
    VIC[VIC_ADDR0 + 1] = (uint32_t)timer_isr;
    VIC[VIC_CNTL0 + 1] = VIC_CNTL_ENABLE | TIMER1_INT;
    VIC[VIC_DEFADDR] = (uint32_t)spurious_isr;
    VIC[VIC_SELECT] = 1u << CC_MC_INT; /* packets are the FIQ */
    VIC[VIC_ENABLE] = (1u << CC_MC_INT) | (1u << DMA_DONE_INT) | (1u << TIMER1_INT);
}

static void stop(uint32_t status) {
    TC[T1_CONTROL] = 0u;
    VIC[VIC_DISABLE] = 0xFFFFFFFFu;
    spynn_boot.status = status;
    for (;;) wait_for_interrupt();
}

void c_main(void) {
    struct core *c = &the_core;
    uint32_t n;
    c->sdram = (uint32_t *)spynn_boot.sdram_base;
    c->block = c->sdram + spynn_boot.block_offset;
    c->prov = (provenance_t *)platform_region(c, REGION_PROVENANCE, &n);
    const system_params_t *sys = (const system_params_t *)platform_region(c, REGION_SYSTEM, &n);
    if (c->block[0] != BLOCK_MAGIC || c->block[1] != BLOCK_VERSION || !sys || !c->prov) stop((uint32_t)-100);
    int r = SPYNN_KERNEL.init(c);
    if (r) stop((uint32_t)r);
    configure_hardware(sys->timestep_us);

    uint32_t tick = 0; /* the next tick to update */
    if (SPYNN_KERNEL.resume) SPYNN_KERNEL.resume(c, tick);
    spynn_boot.status = SPYNN_RUNNING;
    interrupts_enable();
    TC[T1_CONTROL] = T1_CONTROL_RUN;
    for (;;) {
        uint32_t cpsr = irq_disable();
        if (ticks_pending) {
            ticks_pending--;
            cpsr_restore(cpsr);
            if (SPYNN_KERNEL.receive) SPYNN_KERNEL.receive(c, tick); /* the rest of tick - 1's packets */
            c->prov->input_buffer_overflows += queue_dropped;
            queue_dropped = 0;
            SPYNN_KERNEL.update(c, tick);
            spynn_boot.tick = ++tick;
            if (spynn_boot.n_ticks && tick >= spynn_boot.n_ticks) stop(SPYNN_DONE);
        } else if (queue_in != queue_out) {
            cpsr_restore(cpsr);
            if (SPYNN_KERNEL.receive) SPYNN_KERNEL.receive(c, tick);
            else queue_out = queue_in; /* a source core ignores packets */
        } else {
            wait_for_interrupt();
            cpsr_restore(cpsr);
        }
    }
}

/* GCC may turn loops into calls to these. */
void *memset(void *dst, int value, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    while (n--) *d++ = (uint8_t)value;
    return dst;
}
void *memcpy(void *dst, const void *src, size_t n) {
    uint8_t *d = (uint8_t *)dst;
    const uint8_t *s = (const uint8_t *)src;
    while (n--) *d++ = *s++;
    return dst;
}
