/* The SpiNNaker-1 registers the spynn runtime touches, with the addresses of
 * spinnaker_tools' include/spinnaker.h (SpiNNaker datasheet v2.02).  Every
 * peripheral is used through its "buffered write" alias, as spin1_api does.
 * Registers are 32-bit words; the offsets below are word indices. */
#ifndef SPINNAKER_HW_H
#define SPINNAKER_HW_H
#include <stdint.h>

#define REG(base) ((volatile uint32_t *)(base))

/* Memory map (datasheet 3.3) */
#define ITCM_BASE 0x00000000u /* 32 KB: code, vectors at 0 */
#define DTCM_BASE 0x00400000u /* 64 KB: data, stacks, heap */
#define SDRAM_BASE 0x60000000u /* 128 MB shared by the chip's cores (buffered writes) */

/* Communications controller (datasheet 8): sends and receives packets. */
#define CC REG(0x20000000u)
#define CC_TCR 0u   /* transmit control: packet type of the next send; bit 30 = TX buffer full (sticky) */
#define CC_TXKEY 2u /* transmit key: writing it sends the packet */
#define CC_RSR 3u   /* receive status */
#define CC_RXKEY 5u /* receive key: reading it takes the packet and clears the interrupt */
#define CC_TCR_MC 0x00000000u /* multicast, no payload */
#define CC_TX_FULL 0x40000000u

/* Timer 1 (datasheet 6, an ARM SP804 dual timer) */
#define TC REG(0x21000000u)
#define T1_LOAD 0u    /* value loaded now */
#define T1_CONTROL 2u /* enable, periodic, interrupt, 32-bit */
#define T1_INT_CLR 3u /* any write clears the interrupt */
#define T1_BG_LOAD 6u /* value reloaded at each wrap */
#define T1_CONTROL_RUN 0xE2u /* [7] enable, [6] periodic, [5] IRQ, [1] 32-bit (spin1_api's value) */

/* Vectored interrupt controller (datasheet 5, an ARM PL190) */
#define VIC REG(0x2F000000u)
#define VIC_SELECT 3u   /* 1 = this source is a FIQ, 0 = IRQ */
#define VIC_ENABLE 4u   /* write 1s: enable sources */
#define VIC_DISABLE 5u  /* write 1s: disable sources */
#define VIC_VADDR 12u   /* read: address of the active vectored ISR; write: end of interrupt */
#define VIC_DEFADDR 13u /* ISR of a source that has no vector slot */
#define VIC_ADDR0 64u   /* 16 vector slots: ISR addresses, slot 0 = highest priority */
#define VIC_CNTL0 128u  /* 16 vector slots: [5] enable, [4:0] source */
#define VIC_CNTL_ENABLE 0x20u

/* Interrupt sources (VIC bit numbers) */
#define TIMER1_INT 4u
#define DMA_DONE_INT 12u
#define CC_MC_INT 24u

/* DMA controller (datasheet 7): SDRAM <-> DTCM transfers */
#define DMA REG(0x40000000u)
#define DMA_ADRS 1u /* system (SDRAM) address */
#define DMA_ADRT 2u /* TCM address */
#define DMA_DESC 3u /* writing it starts the transfer: [15:0] bytes, [19] direction, [23:21] burst, [24] width */
#define DMA_CTRL 4u /* write 0x8: clear the transfer-done interrupt; 0x3F abort all, 0x0D restart */
#define DMA_STAT 5u /* [0] busy */
#define DMA_GCTL 6u /* interrupt enables */
#define DMA_DESC_READ 0u          /* SDRAM -> TCM */
#define DMA_DESC_WRITE (1u << 19) /* TCM -> SDRAM */
#define DMA_DESC_BURST ((1u << 24) | (4u << 21)) /* double-word width, bursts of 16 (spin1_api) */
#define DMA_GCTL_DONE_IRQ 0x000C00u /* transfer-done interrupt enabled (spin1_api's value) */

#define CPU_CLOCK_MHZ 200u /* timer ticks per microsecond */
#endif
