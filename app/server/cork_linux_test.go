package server

import (
	"net"
	"syscall"
	"testing"
)

// A download corks its connection while the file is sent and uncorks it when the stream closes;
// anything but plain TCP is left alone.
func TestCorkedHoldsThenReleasesFrames(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	cork := func() int {
		rc, err := server.(*net.TCPConn).SyscallConn()
		if err != nil {
			t.Fatal(err)
		}
		v := -1
		if err := rc.Control(func(fd uintptr) { v, err = syscall.GetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_CORK) }); err != nil {
			t.Fatal(err)
		}
		return v
	}
	if got := cork(); got != 0 {
		t.Fatalf("TCP_CORK = %d before, want 0", got)
	}
	uncork := corked(server)
	if got := cork(); got != 1 {
		t.Fatalf("TCP_CORK = %d while sending, want 1", got)
	}
	uncork()
	if got := cork(); got != 0 {
		t.Fatalf("TCP_CORK = %d after the stream closed, want 0", got)
	}
	a, b := net.Pipe()
	defer a.Close()
	defer b.Close()
	corked(a)() // not TCP: nothing to set, and no panic
}
