/* cedk's nkintr.h: the SYSINTR values (logical interrupts) a driver binds to an event with InterruptInitialize.
 * The OAL maps IRQs to SYSINTRs from SYSINTR_FIRMWARE up (IOCTL_HAL_REQUEST_SYSINTR). */
#ifndef CEDK_NKINTR_H
#define CEDK_NKINTR_H
#define SYSINTR_NOP 0
#define SYSINTR_RESCHED 1
#define SYSINTR_BREAK 2
#define SYSINTR_CHAIN 3
#define SYSINTR_DEVICES 8
#define SYSINTR_PROFILE (SYSINTR_DEVICES + 1)
#define SYSINTR_TIMING (SYSINTR_DEVICES + 2)
#define SYSINTR_FIRMWARE (SYSINTR_DEVICES + 8)
#define SYSINTR_MAXIMUM 72
#define SYSINTR_UNDEFINED 0xFFFFFFFFUL
#endif
