// Package live routes Server-Sent Events to the browsers of the users they concern.
package live

import (
	"encoding/json"
	"sync"
)

// Event is one live event for a browser.
type Event struct {
	Type string
	Data []byte // JSON
}

// Subscription is one open event stream of one user.
type Subscription struct {
	UserID int64
	C      chan Event
	// Lagged is closed when the stream fell behind and events were dropped: the browser
	// reconnects and reloads what it shows.
	Lagged chan struct{}
	once   sync.Once
}

// Hub routes live events to the open streams of the users they concern. Events are addressed
// to user ids computed by the domain from the same rules as every other read, so a client
// never receives another client's events. It lives in one process: with several portal
// processes, each serves the streams opened on it and a Bus carries the events between them.
type Hub struct {
	mu     sync.Mutex
	subs   map[int64]map[*Subscription]struct{}
	closed bool
}

// NewHub returns an empty hub.
func NewHub() *Hub { return &Hub{subs: map[int64]map[*Subscription]struct{}{}} }

// Subscribe opens a stream for a user; nil once the hub is closed.
func (h *Hub) Subscribe(userID int64) *Subscription {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	s := &Subscription{UserID: userID, C: make(chan Event, 64), Lagged: make(chan struct{})}
	if h.subs[userID] == nil {
		h.subs[userID] = map[*Subscription]struct{}{}
	}
	h.subs[userID][s] = struct{}{}
	return s
}

// Unsubscribe closes a stream.
func (h *Hub) Unsubscribe(s *Subscription) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if set := h.subs[s.UserID]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(h.subs, s.UserID)
		}
	}
}

// Publish sends an event to every open stream of the given users. It never blocks: a stream
// whose buffer is full is marked lagged.
func (h *Hub) Publish(userIDs []int64, eventType string, data any) {
	payload, err := json.Marshal(data)
	if err != nil {
		return
	}
	h.deliver(userIDs, Event{Type: eventType, Data: payload})
}

// deliver hands an encoded event to the open streams of the given users, never blocking.
func (h *Hub) deliver(userIDs []int64, ev Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, id := range userIDs {
		for s := range h.subs[id] {
			select {
			case s.C <- ev:
			default:
				s.once.Do(func() { close(s.Lagged) })
			}
		}
	}
}

// Resync ends every open stream as lagged, the hub staying open: each browser reconnects and
// reloads what it shows. The bus calls it when NATS comes back, as events may have been lost
// while it was away (NATS core delivers at most once).
func (h *Hub) Resync() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.subs {
		for s := range set {
			s.once.Do(func() { close(s.Lagged) })
		}
	}
}

// Count returns the number of open streams (for the health page and tests).
func (h *Hub) Count() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	n := 0
	for _, set := range h.subs {
		n += len(set)
	}
	return n
}

// Close ends every stream (at shutdown): their handlers see Lagged closed and return.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, set := range h.subs {
		for s := range set {
			s.once.Do(func() { close(s.Lagged) })
		}
	}
	h.subs = map[int64]map[*Subscription]struct{}{}
}
