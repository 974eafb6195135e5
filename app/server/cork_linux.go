package server

import (
	"net"
	"syscall"
)

// corked holds back partial TCP frames on conn while a file is sent (TCP_CORK, as nginx's
// tcp_nopush): the headers leave with the first bytes of the file, and sendfile's pieces fill
// whole frames. It returns the function that lets the rest go; both do nothing on a connection
// that is not plain TCP (TLS: no sendfile anyway).
func corked(conn net.Conn) (uncork func()) {
	tc, ok := conn.(*net.TCPConn)
	if !ok {
		return func() {}
	}
	set := func(v int) {
		if rc, err := tc.SyscallConn(); err == nil {
			_ = rc.Control(func(fd uintptr) { _ = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK, v) })
		}
	}
	set(1)
	return func() { set(0) }
}
