package server

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// BenchmarkLiveFanout1000 opens 1 000 event streams (one signed-in client user of project A,
// 1 000 browser tabs), posts a message, and reports the time until each stream received it and
// the memory the open streams cost.
//
//	go test -run X -bench LiveFanout1000 -benchtime 1x ./app/server/
func BenchmarkLiveFanout1000(b *testing.B) {
	const streams = 1000
	h := newHarnessB(b, 8<<20)
	// One user's 1 000 tabs stand for 1 000 people: the per-user cap (8 streams) is lifted, as the
	// figure is the hub's fan-out and the memory of the streams, not the cap.
	h.s.streams = newSlots(streams, errTooManyStreams)
	adm := h.login(h.cast.Admin.Email)
	a1 := h.login(h.cast.A1.Email)
	h.base = serveForReal(b, h)
	tr := &http.Transport{MaxIdleConnsPerHost: streams, MaxConnsPerHost: streams}
	client := &http.Client{Transport: tr}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runtime.GC()
	before := rssKiB()
	received := make(chan time.Time, streams)
	var opened sync.WaitGroup
	for i := 0; i < streams; i++ {
		opened.Add(1)
		go func() {
			req, _ := http.NewRequestWithContext(ctx, "GET", h.base+"/api/v1/events", nil)
			req.Header.Set("Cookie", a1.cookie)
			res, err := client.Do(req)
			if err != nil {
				opened.Done()
				return
			}
			defer res.Body.Close()
			rd := bufio.NewReader(res.Body)
			ready := false
			for {
				line, err := rd.ReadString('\n')
				if err != nil {
					if !ready {
						opened.Done()
					}
					return
				}
				if !ready && strings.HasPrefix(line, "event: ready") {
					ready = true
					opened.Done()
				}
				if strings.HasPrefix(line, "event: message") {
					received <- time.Now()
					return
				}
			}
		}()
	}
	opened.Wait()
	if n := h.hub.Count(); n != streams {
		b.Fatalf("%d streams open, want %d", n, streams)
	}
	open := rssKiB()
	b.ResetTimer()
	start := time.Now()
	adm.do("POST", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), map[string]string{"body": "À tous"})
	var lat []time.Duration
	timeout := time.After(30 * time.Second)
	for len(lat) < streams {
		select {
		case t := <-received:
			lat = append(lat, t.Sub(start))
		case <-timeout:
			b.Fatalf("only %d of %d streams received the message", len(lat), streams)
		}
	}
	b.StopTimer()
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(open-before)/1024, "RSS-MiB-for-streams")
}
