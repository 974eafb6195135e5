package dbserver

import (
	"bufio"
	"fmt"
	"os"
	"path"
	"path/filepath"
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

// availableMemoryMB reads the machine's memory and the cgroup v2 limits of this process; 0 when
// neither is readable.
func availableMemoryMB() int {
	total := memTotalMB("/proc/meminfo")
	if limit := cgroupLimitMB("/sys/fs/cgroup", ownCgroup("/proc/self/cgroup")); limit > 0 && (total == 0 || limit < total) {
		return limit
	}
	return total
}

// ownCgroup is the process's cgroup v2 path ("/system.slice/portal.service" under systemd, "/"
// in a container with its own cgroup namespace), "/" when unknown.
func ownCgroup(path string) string {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "/"
	}
	for line := range strings.Lines(string(raw)) {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "0::"); ok && strings.HasPrefix(rest, "/") {
			return rest
		}
	}
	return "/"
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

// cgroupLimitMB is the lowest memory.max from the cgroup up to the root of the hierarchy mounted
// at root (a MemoryMax= of the service or of its slice), 0 when none is set ("max") or readable.
func cgroupLimitMB(root, cgroup string) int {
	lowest := 0
	for dir := path.Clean("/" + cgroup); ; dir = path.Dir(dir) {
		if raw, err := os.ReadFile(filepath.Join(root, dir, "memory.max")); err == nil {
			if b, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64); err == nil && (lowest == 0 || int(b>>20) < lowest) {
				lowest = int(b >> 20)
			}
		}
		if dir == "/" {
			return lowest
		}
	}
}

func bufferPoolArg(asked int) string {
	return fmt.Sprintf("--innodb-buffer-pool-size=%dM", bufferPoolMB(asked))
}
