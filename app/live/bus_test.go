package live

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/live/natstest"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

func connect(t *testing.T, url string) (*Hub, *Bus) {
	t.Helper()
	hub := NewHub()
	bus, err := ConnectBus(hub, BusOptions{URL: url, SubjectPrefix: "test"}, quiet)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(bus.Close)
	return hub, bus
}

// next waits for a stream's next event; false after d.
func next(s *Subscription, d time.Duration) (Event, bool) {
	select {
	case ev := <-s.C:
		return ev, true
	case <-time.After(d):
		return Event{}, false
	}
}

// Two processes (two hubs, two connections): an event published on one reaches the addressed
// user's streams on both, once each, and no one else's.
func TestBusCarriesEventsBetweenProcessesOnce(t *testing.T) {
	srv := natstest.Start(t)
	hub1, bus1 := connect(t, srv.URL)
	hub2, _ := connect(t, srv.URL)
	here, there, other := hub1.Subscribe(1), hub2.Subscribe(1), hub2.Subscribe(2)

	bus1.Publish([]int64{1}, "message", map[string]int{"project_id": 7})
	for name, s := range map[string]*Subscription{"the publishing process": here, "the other process": there} {
		ev, ok := next(s, 3*time.Second)
		if !ok || ev.Type != "message" || string(ev.Data) != `{"project_id":7}` {
			t.Fatalf("%s's stream got %+v, %v", name, ev, ok)
		}
	}
	// The publisher's own copy comes back from NATS too: it must not reach its streams again.
	bus1.Publish([]int64{1}, "marker", 1)
	for name, s := range map[string]*Subscription{"the publishing process": here, "the other process": there} {
		if ev, ok := next(s, 3*time.Second); !ok || ev.Type != "marker" {
			t.Fatalf("%s's stream got %+v after the first event, want the marker", name, ev)
		}
		if ev, ok := next(s, 500*time.Millisecond); ok {
			t.Fatalf("%s's stream got %+v again: delivered twice", name, ev)
		}
	}
	if ev, ok := next(other, 200*time.Millisecond); ok {
		t.Fatalf("another user received %+v", ev)
	}
}

func TestBusRefusesToStartWithoutNATS(t *testing.T) {
	srv := natstest.Start(t)
	srv.Stop()
	start := time.Now()
	if _, err := ConnectBus(NewHub(), BusOptions{URL: srv.URL, SubjectPrefix: "test"}, quiet); err == nil {
		t.Fatal("connected to a stopped NATS server")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("failing took %s", d)
	}
}

func TestBusReportsRefusedCredentials(t *testing.T) {
	srv := natstest.Start(t, "--user", "portal", "--pass", "right")
	bad := strings.Replace(srv.URL, "nats://", "nats://portal:wrong@", 1)
	if _, err := ConnectBus(NewHub(), BusOptions{URL: bad, SubjectPrefix: "test"}, quiet); !errors.Is(err, ErrBusCredentials) {
		t.Fatalf("wrong password: err = %v", err)
	}
	good := strings.Replace(srv.URL, "nats://", "nats://portal:right@", 1)
	if _, bus := connect(t, good); bus.Ready() != nil {
		t.Fatalf("right password: %v", bus.Ready())
	}
}

// NATS going away neither blocks publishing nor ends the portal; once it is back, events flow
// again without any action.
func TestBusSurvivesNATSRestart(t *testing.T) {
	srv := natstest.Start(t)
	hub1, bus1 := connect(t, srv.URL)
	hub2, bus2 := connect(t, srv.URL)
	here, there := hub1.Subscribe(1), hub2.Subscribe(1)

	srv.Stop()
	for deadline := time.Now().Add(5 * time.Second); bus1.Ready() == nil && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if bus1.Ready() == nil {
		t.Fatal("Ready says connected while NATS is down")
	}
	start := time.Now()
	for i := 0; i < 10000; i++ {
		bus1.Publish([]int64{3}, "while-down", i)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("10000 publishes with NATS down took %s: publishing must not wait for NATS", d)
	}
	bus1.Publish([]int64{1}, "local", 1)
	if ev, ok := next(here, time.Second); !ok || ev.Type != "local" {
		t.Fatalf("with NATS down, the publishing process's own stream got %+v", ev)
	}

	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(15 * time.Second); (bus1.Ready() != nil || bus2.Ready() != nil) && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
	}
	if bus1.Ready() != nil || bus2.Ready() != nil {
		t.Fatalf("not reconnected: %v, %v", bus1.Ready(), bus2.Ready())
	}
	// Events may have been lost meanwhile: every stream is ended so that its browser reloads.
	for name, s := range map[string]*Subscription{"the publishing process": here, "the other process": there} {
		select {
		case <-s.Lagged:
		case <-time.After(2 * time.Second):
			t.Fatalf("%s's stream was not restarted when NATS came back", name)
		}
	}
	there = hub2.Subscribe(1) // the browser's new stream
	// Resubscription after a reconnect is asynchronous: publish until the other process sees one.
	deadline := time.Now().Add(10 * time.Second)
	for {
		bus1.Publish([]int64{1}, "after", 1)
		if ev, ok := next(there, 200*time.Millisecond); ok && ev.Type == "after" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("events did not flow again after NATS came back")
		}
	}
}
