package live

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nuid"
)

// BusOptions says how to reach NATS ([events] in the configuration).
type BusOptions struct {
	URL             string // one address or several separated by commas
	CredentialsFile string
	SubjectPrefix   string
	// QueueLen bounds the events waiting to be sent to NATS; beyond it they are dropped rather
	// than making a request wait (0: 4096).
	QueueLen int
}

// Bus carries live events between portal processes over NATS core: each process publishes the
// events it produces and delivers to its own hub those the others publish. Its own events go to
// its hub directly (no round trip), and come back from NATS marked with its origin, which is
// how they are not delivered twice. NATS core is at most once: an event sent while the
// connection is down may be lost, so when it comes back every stream of this process is ended
// and its browser reconnects and reloads what it shows.
type Bus struct {
	hub     *Hub
	nc      *nats.Conn
	sub     *nats.Subscription
	subject string
	origin  string
	log     *slog.Logger
	queue   chan []byte
	stop    chan struct{}
	stopped sync.WaitGroup
	closing sync.Once
	dropped atomic.Int64
}

// wireEvent is an event as it travels on NATS.
type wireEvent struct {
	Origin string          `json:"o"`
	Users  []int64         `json:"u"`
	Type   string          `json:"t"`
	Data   json.RawMessage `json:"d"`
}

// ErrBusUnreachable means no NATS server answered.
var ErrBusUnreachable = errors.New("unreachable")

// ErrBusCredentials means NATS refused the credentials (the address's user and password or
// token, or the credentials file).
var ErrBusCredentials = errors.New("NATS refused the credentials")

// ConnectBus connects to NATS and starts relaying events to and from hub. It fails when no
// server answers: a portal that cannot reach its peers must not start as if it could.
// Once connected, it reconnects forever, logging each loss and return.
func ConnectBus(hub *Hub, opt BusOptions, log *slog.Logger) (*Bus, error) {
	if opt.QueueLen <= 0 {
		opt.QueueLen = 4096
	}
	b := &Bus{hub: hub, subject: opt.SubjectPrefix + ".events", origin: nuid.Next(), log: log,
		queue: make(chan []byte, opt.QueueLen), stop: make(chan struct{})}
	host, _ := os.Hostname()
	opts := []nats.Option{
		nats.Name(fmt.Sprintf("portal %s pid %d", host, os.Getpid())),
		nats.Timeout(5 * time.Second),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			log.Warn("NATS connection lost: live events no longer reach the other portal processes until it is back", "err", err)
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("NATS connection back: the browsers' streams restart to reload what they show", "server", nc.ConnectedUrlRedacted())
			hub.Resync()
		}),
		nats.ClosedHandler(func(*nats.Conn) { log.Debug("NATS connection closed") }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			log.Warn("NATS", "err", err)
		}),
	}
	if opt.CredentialsFile != "" {
		if _, err := os.Stat(opt.CredentialsFile); err != nil {
			return nil, err
		}
		opts = append(opts, nats.UserCredentials(opt.CredentialsFile))
	}
	nc, err := nats.Connect(opt.URL, opts...)
	if errors.Is(err, nats.ErrAuthorization) || errors.Is(err, nats.ErrAuthExpired) || errors.Is(err, nats.ErrAuthRevoked) {
		return nil, fmt.Errorf("%w (%v)", ErrBusCredentials, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%w (%v)", ErrBusUnreachable, err)
	}
	b.nc = nc
	if b.sub, err = nc.Subscribe(b.subject, b.receive); err == nil {
		// The server has the subscription once it answered a ping: from then on nothing
		// another process publishes is missed.
		err = nc.FlushTimeout(5 * time.Second)
	}
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("subscribing to %s: %w", b.subject, err)
	}
	b.stopped.Add(1)
	go b.send()
	return b, nil
}

// Publish delivers an event to this process's streams of the given users and queues it for the
// other processes. It never blocks: when the queue is full (NATS slow or away for long), the
// event is dropped for the other processes and the drop is logged.
func (b *Bus) Publish(userIDs []int64, eventType string, data any) {
	payload, err := json.Marshal(data)
	if err != nil || len(userIDs) == 0 {
		return
	}
	b.hub.deliver(userIDs, Event{Type: eventType, Data: payload})
	msg, err := json.Marshal(wireEvent{Origin: b.origin, Users: userIDs, Type: eventType, Data: payload})
	if err != nil {
		return
	}
	select {
	case b.queue <- msg:
	default:
		// Logged on the first drop and then once per thousand, so that a long outage does not flood the log.
		if n := b.dropped.Add(1); n%1000 == 1 {
			b.log.Warn("live events dropped for the other portal processes: the NATS queue is full", "dropped", n)
		}
	}
}

// send hands queued events to NATS. nats.go buffers them while it reconnects, up to its
// reconnect buffer, and refuses more: those are lost, as NATS core allows.
func (b *Bus) send() {
	defer b.stopped.Done()
	for {
		select {
		case msg := <-b.queue:
			if err := b.nc.Publish(b.subject, msg); err != nil {
				if n := b.dropped.Add(1); n%1000 == 1 {
					b.log.Warn("live event not sent to NATS", "err", err, "dropped", n)
				}
			}
		case <-b.stop:
			return
		}
	}
}

// receive delivers to this process's streams an event that another process published.
func (b *Bus) receive(m *nats.Msg) {
	var ev wireEvent
	if err := json.Unmarshal(m.Data, &ev); err != nil {
		b.log.Warn("NATS: an event that is not the portal's was ignored", "subject", m.Subject, "err", err)
		return
	}
	if ev.Origin == b.origin {
		return // already delivered by Publish
	}
	b.hub.deliver(ev.Users, Event{Type: ev.Type, Data: ev.Data})
}

// Ready says whether the connection to NATS is up (for /readyz).
func (b *Bus) Ready() error {
	if s := b.nc.Status(); s != nats.CONNECTED {
		return fmt.Errorf("NATS connection %s", s)
	}
	return nil
}

// Dropped counts the events that did not reach NATS.
func (b *Bus) Dropped() int64 { return b.dropped.Load() }

// Close sends what is queued (waiting at most a few seconds) and disconnects.
func (b *Bus) Close() {
	b.closing.Do(func() {
		close(b.stop)
		b.stopped.Wait()
		for done := false; !done; {
			select {
			case msg := <-b.queue:
				_ = b.nc.Publish(b.subject, msg)
			default:
				done = true
			}
		}
		_ = b.nc.FlushTimeout(3 * time.Second)
		b.nc.Close()
	})
}
