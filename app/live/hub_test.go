package live

import (
	"testing"
)

func TestHubDeliversOnlyToAddressedUsers(t *testing.T) {
	h := NewHub()
	a1, a2, b := h.Subscribe(1), h.Subscribe(1), h.Subscribe(2)
	h.Publish([]int64{1}, "message", map[string]int{"project_id": 7})
	for _, s := range []*Subscription{a1, a2} {
		select {
		case ev := <-s.C:
			if ev.Type != "message" || string(ev.Data) != `{"project_id":7}` {
				t.Fatalf("event = %+v", ev)
			}
		default:
			t.Fatal("a stream of the addressed user got nothing")
		}
	}
	select {
	case ev := <-b.C:
		t.Fatalf("another user received %+v", ev)
	default:
	}
	h.Unsubscribe(a2)
	if h.Count() != 2 {
		t.Fatalf("count = %d", h.Count())
	}
}

func TestSlowStreamIsMarkedLaggedNotBlocking(t *testing.T) {
	h := NewHub()
	s := h.Subscribe(1)
	for i := 0; i < cap(s.C)+5; i++ {
		h.Publish([]int64{1}, "x", i) // must never block
	}
	select {
	case <-s.Lagged:
	default:
		t.Fatal("a full stream was not marked lagged")
	}
}

func TestCloseEndsStreamsAndRefusesNewOnes(t *testing.T) {
	h := NewHub()
	s := h.Subscribe(1)
	h.Close()
	select {
	case <-s.Lagged:
	default:
		t.Fatal("Close did not end the stream")
	}
	if h.Subscribe(1) != nil {
		t.Fatal("a stream opened after Close")
	}
}
