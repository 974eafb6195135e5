//go:build !linux

package password

// AtLowPriority runs fn; thread priorities are only lowered on Linux.
func AtLowPriority(fn func()) { fn() }
