package dbserver

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// minBufferPoolMB is the smallest pool the portal gives its private server: below it a busy
// portal's hot indexes no longer fit and every list reads pages back from the files.
const minBufferPoolMB = 256

// bufferPoolMB is the InnoDB buffer pool of the private server: the size asked for, or else a
// quarter of the memory this process may use (the machine's, or its cgroup's limit when lower,
// as under a systemd MemoryMax=). The portal and the operating system's file cache share the
// rest. With the fixed 256 MiB of old, ten times the scale dataset (8.7 GiB) read about 3 000
// pages a second back from the files under load, and most pages' p95 rose 1.6–2.5× over 1×;
// with a quarter of 24 GiB it reads almost none (BENCHMARKS-x10.md).
func bufferPoolMB(asked int) int {
	if asked > 0 {
		return asked
	}
	mb := availableMemoryMB() / 4
	if mb < minBufferPoolMB {
		return minBufferPoolMB
	}
	return mb
}

// availableMemoryMB reads the machine's memory and the cgroup v2 limit; 0 when neither is readable.
func availableMemoryMB() int {
	total := memTotalMB("/proc/meminfo")
	if limit := cgroupLimitMB("/sys/fs/cgroup/memory.max"); limit > 0 && (total == 0 || limit < total) {
		return limit
	}
	return total
}

func memTotalMB(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "MemTotal:" {
			kb, err := strconv.Atoi(fields[1])
			if err != nil {
				return 0
			}
			return kb / 1024
		}
	}
	return 0
}

// cgroupLimitMB is the memory.max of the process's cgroup, 0 when unlimited ("max") or absent.
func cgroupLimitMB(path string) int {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	b, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	if err != nil {
		return 0
	}
	return int(b >> 20)
}

func bufferPoolArg(asked int) string {
	return fmt.Sprintf("--innodb-buffer-pool-size=%dM", bufferPoolMB(asked))
}
