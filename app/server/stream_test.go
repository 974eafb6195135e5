package server

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// patternReader produces n deterministic pseudo-random bytes without holding them.
type patternReader struct {
	rnd *rand.ChaCha8
	n   int64
}

func newPattern(n int64) *patternReader {
	return &patternReader{rnd: rand.NewChaCha8([32]byte{'p', 'o', 'r', 't', 'a', 'i', 'l'}), n: n}
}

func (p *patternReader) Read(b []byte) (int, error) {
	if p.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.n {
		b = b[:p.n]
	}
	_, _ = p.rnd.Read(b)
	p.n -= int64(len(b))
	return len(b), nil
}

// transfer uploads size bytes over a real connection and downloads them back, returning the
// SHA-256 sent, the one the server reported, and the one received.
func transfer(t testing.TB, h *harness, base string, adm *browser, size int64) (sent, reported, received string, versionID int64) {
	hs := sha256.New()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/admin/projects/%d/deliverables", base, h.cast.ProjectA.ID), io.TeeReader(newPattern(size), hs))
	req.ContentLength = size
	req.Header.Set("Cookie", adm.cookie)
	req.Header.Set(csrfHeader, adm.csrf)
	req.Header.Set("X-File-Name", "archive.zip")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var d deliverableView
	if err := json.NewDecoder(res.Body).Decode(&d); err != nil || res.StatusCode != 201 {
		t.Fatalf("upload = %d, %v", res.StatusCode, err)
	}
	res.Body.Close()
	sent = hex.EncodeToString(hs.Sum(nil))
	reported, versionID = d.Versions[0].SHA256, d.Versions[0].ID

	dl, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/versions/%d/download", base, versionID), nil)
	dl.Header.Set("Cookie", adm.cookie)
	res, err = http.DefaultClient.Do(dl)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	hr := sha256.New()
	n, err := io.Copy(hr, res.Body)
	if err != nil || n != size {
		t.Fatalf("download: %d bytes, %v", n, err)
	}
	return sent, reported, hex.EncodeToString(hr.Sum(nil)), versionID
}

func TestStreamedRoundTripAndResume(t *testing.T) { onBackends(t, testStreamedRoundTripAndResume) }

func testStreamedRoundTripAndResume(t *testing.T) {
	h, adm := newAdminHarness(t)
	base := serveForReal(t, h)
	const size = 6 << 20 // above the 1 MiB buffer: the body streams
	sent, reported, received, vid := transfer(t, h, base, adm, size)
	if sent != reported || sent != received {
		t.Fatalf("sha256 sent %s, reported %s, received %s", sent, reported, received)
	}
	// Resume from an odd offset: the pieces put together are the file.
	offset := int64(size/2 + 12345)
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/v1/versions/%d/download", base, vid), nil)
	req.Header.Set("Cookie", adm.cookie)
	req.Header.Set("Range", "bytes="+strconv.FormatInt(offset, 10)+"-")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	hs := sha256.New()
	if _, err := io.CopyN(hs, newPattern(size), offset); err != nil {
		t.Fatal(err)
	}
	n, _ := io.Copy(hs, res.Body)
	if res.StatusCode != 206 || n != size-offset || hex.EncodeToString(hs.Sum(nil)) != sent {
		t.Fatalf("resumed download: %d, %d bytes, sha %x", res.StatusCode, n, hs.Sum(nil))
	}
}

// BenchmarkUploadDownload1GiB streams 1 GiB up and back down and reports the process's peak
// memory growth during the transfer (PORTAL_BENCH_SIZE_MB changes the size).
//
//	go test -run X -bench UploadDownload1GiB -benchtime 1x ./app/server/
func BenchmarkUploadDownload1GiB(b *testing.B) {
	size := int64(1 << 30)
	if v, err := strconv.Atoi(os.Getenv("PORTAL_BENCH_SIZE_MB")); err == nil && v > 0 {
		size = int64(v) << 20
	}
	h := newHarnessB(b, size)
	adm := h.login(h.cast.Admin.Email)
	base := serveForReal(h.t, h)
	runtime.GC()
	baseline := rssKiB()
	var peak atomic.Int64
	stop := every(20*time.Millisecond, func() {
		if r := rssKiB(); r > peak.Load() {
			peak.Store(r)
		}
	})
	b.SetBytes(2 * size)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sent, reported, received, _ := transfer(b, h, base, adm, size)
		if sent != reported || sent != received {
			b.Fatalf("sha256 mismatch: %s %s %s", sent, reported, received)
		}
	}
	b.StopTimer()
	stop()
	b.ReportMetric(float64(peak.Load()-baseline)/1024, "peak-RSS-growth-MiB")
}

// rssKiB reads the resident memory of this process (test client and server together).
func rssKiB() int64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}
