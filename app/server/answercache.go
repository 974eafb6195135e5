package server

import (
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// The answers of the Cached routes (a client's list of projects, a project page) are kept in
// memory per user and address, compressed as they were sent, and served again without
// touching the database, the JSON encoder or the compressor while nothing has been written
// since: an answer is kept with the data epoch read before it was computed
// (portal.DataEpoch), which every write of this process moves once it has committed (but those
// to tables no answer here reads: store.QuietTable), so the request after any such write reads
// the database again. A second portal process on the same
// database does not move this one's epoch: answerTTL bounds how long it may disagree, as the
// session cache's TTL does.
const answerTTL = 2 * time.Second

// answerCacheBytes bounds the bodies kept; past it the cache starts again empty. A list of 50
// projects is about 10 KiB compressed.
const answerCacheBytes = 16 << 20

// answerMaxBytes: larger answers are not kept.
const answerMaxBytes = 256 << 10

type answerKey struct {
	user int64
	// uri is the path and query as sent; encoding the Accept-Encoding header, which decided
	// the compression of the kept body.
	uri, encoding string
	// day is the portal's day (Unix seconds of its midnight): what is late changes with it.
	day int64
}

type answer struct {
	body                    []byte
	contentType, contentEnc string
	epoch                   int64
	until                   time.Time
}

type answerCache struct {
	mu    sync.RWMutex
	m     map[answerKey]answer
	bytes int
	// flights are the answers being computed, by key and the epoch read before computing.
	flights map[flightKey]*flight
}

type flightKey struct {
	answerKey
	epoch int64
}

// flight is one computation of an answer that the requests arriving meanwhile with the same key
// and epoch wait for, instead of each asking the database the same thing: after a write, or when
// an answer's time is up, the 50 connections of a client reading its list made 50 computations
// at once, and under steady writes of other users those herds were most of a list's cost.
type flight struct {
	done chan struct{}
	// a and ok are set before done is closed: ok when the answer can be served to the waiters.
	a  answer
	ok bool
}

func (c *answerCache) get(k answerKey, epoch int64, now time.Time) (answer, bool) {
	c.mu.RLock()
	a, ok := c.m[k]
	c.mu.RUnlock()
	return a, ok && a.epoch == epoch && now.Before(a.until)
}

func (c *answerCache) put(k answerKey, a answer) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || c.bytes+len(a.body) > answerCacheBytes {
		c.m, c.bytes = map[answerKey]answer{}, 0
	}
	if old, ok := c.m[k]; ok {
		c.bytes -= len(old.body)
	}
	c.m[k] = a
	c.bytes += len(a.body)
}

// join returns the flight computing k at epoch, and whether the caller leads it (then it
// must call land once it has answered). A request that read another epoch never joins: a
// flight started before a write committed does not answer a request that arrived after it.
func (c *answerCache) join(k answerKey, epoch int64) (*flight, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fk := flightKey{k, epoch}
	if f, ok := c.flights[fk]; ok {
		return f, false
	}
	if c.flights == nil {
		c.flights = map[flightKey]*flight{}
	}
	f := &flight{done: make(chan struct{})}
	c.flights[fk] = f
	return f, true
}

// land ends the flight and wakes its waiters.
func (c *answerCache) land(k answerKey, epoch int64, f *flight) {
	c.mu.Lock()
	delete(c.flights, flightKey{k, epoch})
	c.mu.Unlock()
	close(f.done)
}

// wait waits for f to land, at most until ctx ends; it returns the flight's answer when there
// is one to serve.
func (f *flight) wait(ctx context.Context) (answer, bool) {
	select {
	case <-f.done:
		return f.a, f.ok
	case <-ctx.Done():
		return answer{}, false
	}
}

// cached serves a Cached route's answer from the cache, or lets the route answer and keeps a
// successful answer. It runs after the session is resolved (the key is the user's) and before
// the compressor (the kept body is the compressed one).
func (s *Server) cached(c *fiber.Ctx) error {
	if c.Method() != fiber.MethodGet {
		return c.Next()
	}
	// Read before the route reads the database: a write that commits meanwhile moves the
	// epoch past the one kept, and the answer is not served again.
	epoch, day := s.svc.DataEpoch()
	k := answerKey{user: actor(c).UserID, uri: string(c.Request().URI().RequestURI()),
		encoding: string(c.Request().Header.Peek(fiber.HeaderAcceptEncoding)), day: day.Unix()}
	now := time.Now()
	if a, ok := s.answers.get(k, epoch, now); ok {
		return sendAnswer(c, a)
	}
	f, leader := s.answers.join(k, epoch)
	if !leader {
		if a, ok := f.wait(c.UserContext()); ok {
			return sendAnswer(c, a)
		}
		// The flight's answer is not one to keep (an error, a large body): answer alone.
		return c.Next()
	}
	defer s.answers.land(k, epoch, f)
	if err := c.Next(); err != nil {
		return err
	}
	res := c.Response()
	if res.StatusCode() != fiber.StatusOK || len(res.Body()) > answerMaxBytes {
		return nil
	}
	f.a = answer{body: append([]byte(nil), res.Body()...), contentType: string(res.Header.ContentType()),
		contentEnc: string(res.Header.Peek(fiber.HeaderContentEncoding)), epoch: epoch, until: now.Add(answerTTL)}
	f.ok = true
	s.answers.put(k, f.a)
	return nil
}

func sendAnswer(c *fiber.Ctx, a answer) error {
	c.Set(fiber.HeaderContentType, a.contentType)
	if a.contentEnc != "" {
		c.Set(fiber.HeaderContentEncoding, a.contentEnc)
	}
	c.Vary(fiber.HeaderAcceptEncoding)
	return c.Send(a.body)
}
