package server

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
)

// « À traiter » (issue 14, §4): one route, whose answer depends on who asks: a client user gets
// what waits for its company, staff what waits for the staff.

type todoRetourView struct {
	retourView
	// WaitingDays is the whole working days since the retour's last change.
	WaitingDays int `json:"waiting_days"`
}

type todoListView[T any] struct {
	Items []T `json:"items"`
	// Total counts the whole list, up to portal's cap (the dashboard says « 1000+ » then).
	Total int `json:"total"`
}

func viewWaiting(w portal.WaitingRetours) todoListView[todoRetourView] {
	return todoListView[todoRetourView]{Total: w.Total, Items: mapSlice(w.Items, func(r portal.WaitingRetour) todoRetourView {
		return todoRetourView{retourView: viewRetour(r.Retour), WaitingDays: r.WaitingDays}
	})}
}

func (s *Server) todo(c *fiber.Ctx) error {
	ctx, cancel := s.ctx(c)
	defer cancel()
	a := actor(c)
	if a.IsAdmin() {
		t, err := s.svc.StaffTodo(ctx, a)
		if err != nil {
			return err
		}
		return c.JSON(fiber.Map{"staff": fiber.Map{"delay_days": t.DelayDays, "new": viewWaiting(t.New),
			"blocking": viewWaiting(t.Blocking), "late": viewWaiting(t.Late)}})
	}
	t, err := s.svc.ClientTodo(ctx, a)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"client": fiber.Map{
		"versions":  todoListView[latestView]{Items: viewLatest(t.Versions.Items, time.Now()), Total: t.Versions.Total},
		"resolved":  viewWaiting(t.Resolved),
		"questions": viewWaiting(t.Questions),
	}})
}
