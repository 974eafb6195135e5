package password

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// lowPriorityNice is the nice value of the threads that hash passwords.
const lowPriorityNice = 10

// AtLowPriority runs fn on an OS thread of its own with a lower scheduling priority, and waits
// for it. A password hash keeps a core busy for tens of milliseconds on purpose; at a lower
// priority it takes only the CPU that pages and the database leave, so that a burst of
// sign-ins slows down sign-ins, not everyone's pages. The thread is never handed back to the
// runtime (the goroutine exits still locked to it, which ends the thread), so no other
// goroutine inherits its priority.
func AtLowPriority(fn func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		// On Linux, PRIO_PROCESS with a thread id sets that thread alone. A refusal (a
		// sandbox without the syscall) leaves the normal priority: slower pages, not errors.
		_ = unix.Setpriority(unix.PRIO_PROCESS, unix.Gettid(), lowPriorityNice)
		fn()
	}()
	<-done
}
