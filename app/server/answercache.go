package server

import (
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
)

// The answers of the Cached routes (a client's list of projects, a project page) are kept in
// memory per user and address, compressed as they were sent, and served again without
// touching the database, the JSON encoder or the compressor while nothing has been written
// since: an answer is kept with the data epoch read before it was computed
// (portal.DataEpoch), which every write of this process moves once it has committed, so the
// request after any write reads the database again. A second portal process on the same
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
		c.Set(fiber.HeaderContentType, a.contentType)
		if a.contentEnc != "" {
			c.Set(fiber.HeaderContentEncoding, a.contentEnc)
		}
		c.Vary(fiber.HeaderAcceptEncoding)
		return c.Send(a.body)
	}
	if err := c.Next(); err != nil {
		return err
	}
	res := c.Response()
	if res.StatusCode() != fiber.StatusOK || len(res.Body()) > answerMaxBytes {
		return nil
	}
	s.answers.put(k, answer{body: append([]byte(nil), res.Body()...), contentType: string(res.Header.ContentType()),
		contentEnc: string(res.Header.Peek(fiber.HeaderContentEncoding)), epoch: epoch, until: now.Add(answerTTL)})
	return nil
}
