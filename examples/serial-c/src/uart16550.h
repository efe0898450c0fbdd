/* The 16550A's registers, as indices into the mapped window (one byte apart on this board), and the bits the
 * driver uses. Names follow the National Semiconductor PC16550D datasheet. */
#ifndef UART16550_H
#define UART16550_H

#define UART_RBR 0 /* read, DLAB = 0 */
#define UART_THR 0 /* write, DLAB = 0 */
#define UART_DLL 0 /* DLAB = 1 */
#define UART_IER 1 /* DLAB = 0 */
#define UART_DLM 1 /* DLAB = 1 */
#define UART_IIR 2 /* read */
#define UART_FCR 2 /* write */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_MSR 6
#define UART_WINDOW 8 /* bytes the registers take */

#define IER_ERBFI 0x01 /* received data available (and character timeout) */
#define IER_ETBEI 0x02 /* transmitter holding register empty */
#define IER_ELSI 0x04 /* receiver line status */

#define IIR_NO_INT 0x01
#define IIR_ID_MASK 0x0F
#define IIR_RLS 0x06
#define IIR_RDA 0x04
#define IIR_CTI 0x0C
#define IIR_THRE 0x02

#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define FCR_CLEAR_TX 0x04
#define FCR_TRIGGER_8 0x80

#define LCR_STB 0x04
#define LCR_PEN 0x08
#define LCR_EPS 0x10
#define LCR_DLAB 0x80

#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08

#define LSR_DR 0x01
#define LSR_OE 0x02
#define LSR_PE 0x04
#define LSR_FE 0x08
#define LSR_BI 0x10

#define UART_CLOCK 1843200UL
#define UART_TX_FIFO 16 /* bytes one THR-empty interrupt may hand over */
#endif
