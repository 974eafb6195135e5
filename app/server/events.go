package server

import (
	"bufio"
	"context"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
)

// heartbeat keeps proxies from closing an idle stream and re-checks the session, so that a
// signed-out or disabled user stops receiving events within this delay.
const heartbeat = 25 * time.Second

// streamWriteTimeout bounds each write of a stream: renewed before every event and heartbeat,
// it ends only a connection whose browser stopped reading.
const streamWriteTimeout = heartbeat + 30*time.Second

// events streams live events (Server-Sent Events) to a signed-in browser: new messages,
// notifications and project changes, only those addressed to this user.
func (s *Server) events(c *fiber.Ctx) error {
	if s.hub == nil {
		return fiber.ErrNotFound
	}
	a := actor(c)
	release, err := s.streams.take(a.UserID)
	if err != nil {
		return err
	}
	sub := s.hub.Subscribe(a.UserID)
	if sub == nil {
		release()
		return fiber.ErrServiceUnavailable
	}
	// The writer runs after the handler returns: copy what it needs, never touch c in it.
	cookie := c.Cookies(s.cookieName())
	m := meta(c)
	conn := c.Context().Conn()
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no") // tell nginx-like proxies not to buffer the stream
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		defer release()
		defer s.hub.Unsubscribe(sub)
		send := func(event, data string) bool {
			_ = conn.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
			if event != "" {
				fmt.Fprintf(w, "event: %s\n", event)
			}
			fmt.Fprintf(w, "data: %s\n\n", data)
			return w.Flush() == nil
		}
		fmt.Fprint(w, "retry: 3000\n")
		if !send("ready", "{}") {
			return
		}
		tick := time.NewTicker(heartbeat)
		defer tick.Stop()
		for {
			select {
			case ev := <-sub.C:
				if !send(ev.Type, string(ev.Data)) {
					return
				}
			case <-sub.Lagged:
				send("lagged", "{}") // the browser reconnects and reloads
				return
			case <-tick.C:
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				_, _, err := s.svc.Authenticate(ctx, cookie, m)
				cancel()
				if err != nil {
					send("session_ended", "{}")
					return
				}
				_ = conn.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
				if _, err := fmt.Fprint(w, ": ping\n\n"); err != nil || w.Flush() != nil {
					return
				}
			}
		}
	})
	return nil
}
