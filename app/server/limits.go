package server

import (
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/errcode"
)

// slots counts, per user, what they hold open (uploads in progress, live-event streams), up
// to a cap: one account cannot take the server's connections, disk bandwidth or memory.
type slots struct {
	mu   sync.Mutex
	held map[int64]int
	max  int
	full *portal.Error
}

func newSlots(max int, full func(int) *portal.Error) *slots {
	return &slots{held: map[int64]int{}, max: max, full: full(max)}
}

// take holds one of user's slots, or answers 429; release gives it back (calling it again
// does nothing).
func (s *slots) take(user int64) (release func(), err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held[user] >= s.max {
		return nil, s.full
	}
	s.held[user]++
	var once sync.Once
	return func() {
		once.Do(func() {
			s.mu.Lock()
			defer s.mu.Unlock()
			if s.held[user]--; s.held[user] <= 0 {
				delete(s.held, user)
			}
		})
	}, nil
}

func errTooManyUploads(max int) *portal.Error {
	return &portal.Error{Kind: portal.KindTooMany, Code: errcode.TooManyUploads, Params: errcode.Params{"max": max}}
}

func errTooManyStreams(max int) *portal.Error {
	return &portal.Error{Kind: portal.KindTooMany, Code: errcode.TooManyStreams, Params: errcode.Params{"max": max}}
}

// uploadSlot holds one of the user's upload slots while the upload runs.
func (s *Server) uploadSlot(c *fiber.Ctx) error {
	release, err := s.uploads.take(actor(c).UserID)
	if err != nil {
		return err
	}
	defer release()
	return c.Next()
}

const localLongWrite = "long-write"

// transferDeadlines gives a verified transfer its long deadlines: reading the rest of an
// upload's body, writing a download. Until this point the request had the short deadlines of
// every request, so a connection without a valid session is cut within Options.ReadTimeout (30 s).
// fasthttp sets the write deadline itself after the handler returns, so the long one is set
// by the response's body stream when it starts writing (longWrite).
func (s *Server) transferDeadlines(c *fiber.Ctx) error {
	conn, d := c.Context().Conn(), s.opt.TransferTimeout
	if err := conn.SetReadDeadline(time.Now().Add(d)); err != nil {
		return err
	}
	c.Locals(localLongWrite, func() { _ = conn.SetWriteDeadline(time.Now().Add(d)) })
	return c.Next()
}

// longWrite is what a streamed answer calls as it starts writing: the long write deadline on a
// Transfer route, nothing elsewhere.
func longWrite(c *fiber.Ctx) func() {
	if f, ok := c.Locals(localLongWrite).(func()); ok {
		return f
	}
	return func() {}
}
