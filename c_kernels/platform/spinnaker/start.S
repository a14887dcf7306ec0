/* Start-up of a spynn ARM968 image: the exception vectors (at ITCM address 0),
 * one stack per processor mode, .data copied from its load image in ITCM,
 * .bss zeroed, then c_main.  IRQs are vectored by the VIC: the handler asks
 * the VIC for the active source's ISR (VIC_VADDR), calls it, and writes
 * VIC_VADDR to end the interrupt.  The FIQ (multicast packet received) calls
 * fiq_isr.  No nesting: an ISR runs with its own class of interrupt masked. */
    .syntax unified
    .arm
    .section .vectors, "ax"
    .global _vectors
_vectors:
    b   reset_entry         @ 0x00 reset
    b   .                   @ 0x04 undefined instruction: stop here
    b   .                   @ 0x08 SWI (unused)
    b   .                   @ 0x0C prefetch abort: stop here
    b   .                   @ 0x10 data abort (e.g. a stack ran below DTCM): stop here
    b   .                   @ 0x14 reserved
    b   irq_entry           @ 0x18 IRQ: timer tick, DMA done
    b   fiq_entry           @ 0x1C FIQ: multicast packet received

    .text
    .equ MODE_FIQ, 0x11
    .equ MODE_IRQ, 0x12
    .equ MODE_SVC, 0x13
    .equ NO_INTS, 0xC0      @ CPSR I and F bits: IRQ and FIQ masked
    .equ VIC_BASE, 0x2F000000
    .equ VIC_VADDR_OFF, 0x30

reset_entry:
    msr cpsr_c, #(MODE_FIQ | NO_INTS)
    ldr sp, =_fiq_stack_top
    msr cpsr_c, #(MODE_IRQ | NO_INTS)
    ldr sp, =_irq_stack_top
    msr cpsr_c, #(MODE_SVC | NO_INTS)   @ the main loop runs in supervisor mode
    ldr sp, =_svc_stack_top
    ldr r0, =_data_load                 @ .data: copy its initial values from ITCM
    ldr r1, =_data_start
    ldr r2, =_data_end
1:  cmp r1, r2
    ldrlo r3, [r0], #4
    strlo r3, [r1], #4
    blo 1b
    ldr r1, =_bss_start                 @ .bss: zero
    ldr r2, =_bss_end
    mov r3, #0
2:  cmp r1, r2
    strlo r3, [r1], #4
    blo 2b
    bl  c_main
    b   .

irq_entry:
    sub lr, lr, #4
    stmfd sp!, {r0-r3, r12, lr}
    ldr r0, =VIC_BASE
    ldr r1, [r0, #VIC_VADDR_OFF]        @ the active source's ISR
    blx r1
    ldr r0, =VIC_BASE
    str r0, [r0, #VIC_VADDR_OFF]        @ end of interrupt
    ldmfd sp!, {r0-r3, r12, pc}^

fiq_entry:
    sub lr, lr, #4
    stmfd sp!, {r0-r3, r12, lr}
    bl  fiq_isr
    ldmfd sp!, {r0-r3, r12, pc}^
    .ltorg
