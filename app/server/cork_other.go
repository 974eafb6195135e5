//go:build !linux

package server

import "net"

// corked does nothing where TCP_CORK does not exist (the portal is served from Linux).
func corked(net.Conn) (uncork func()) { return func() {} }
