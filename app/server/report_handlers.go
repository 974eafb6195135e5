package server

import (
	"context"
	"io"
	"path"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/report"
)

type monthView struct {
	Month  string `json:"month"`
	Series string `json:"series"`
	Count  int    `json:"count"`
}

type rankView struct {
	ClientID int64  `json:"client_id"`
	Name     string `json:"name"`
	Count    int    `json:"count"`
}

func (s *Server) statistics(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, func(ctx context.Context, a portal.Actor, _ int64, _ none) (portal.Statistics, error) {
		return s.svc.Statistics(ctx, a, portal.StatsQuery{From: c.Query("from"), To: c.Query("to"), ClientID: int64(c.QueryInt("client_id", 0))})
	}, viewStatistics)
}

func viewStatistics(st portal.Statistics) fiber.Map {
	months := func(in []portal.MonthCount) []monthView {
		return mapSlice(in, func(m portal.MonthCount) monthView { return monthView(m) })
	}
	ranks := func(in []portal.ClientRank) []rankView {
		return mapSlice(in, func(r portal.ClientRank) rankView { return rankView(r) })
	}
	share := 0.0
	if st.Decisions.Decisions > 0 {
		share = float64(st.Decisions.ChangeRequests) / float64(st.Decisions.Decisions)
	}
	return fiber.Map{
		"from": st.From.Format("2006-01-02"), "to": st.To.Format("2006-01-02"), "computed_at": st.ComputedAt,
		"projects_by_month": months(st.ProjectsByMonth), "milestones_by_month": months(st.MilestonesByMonth),
		"deliverables_by_month": months(st.DeliverablesByMonth),
		"decisions": fiber.Map{"total": st.Decisions.Decisions, "change_requests": st.Decisions.ChangeRequests,
			"change_request_share": share, "avg_decision_seconds": st.Decisions.AvgDecisionSeconds},
		"team_response": fiber.Map{"client_messages": st.Response.ClientMessages, "answered": st.Response.Answered,
			"avg_response_seconds": st.Response.AvgResponseSeconds},
		"most_active_clients": ranks(st.MostActiveClients), "most_overdue_clients": ranks(st.MostOverdueClients),
		"retours": viewRetourStats(st.Retours, months),
	}
}

func viewRetourStats(r portal.RetourStats, months func([]portal.MonthCount) []monthView) fiber.Map {
	spread := func(s portal.Spread) fiber.Map {
		return fiber.Map{"count": s.Count, "median_seconds": s.MedianSecs, "p90_seconds": s.P90Secs}
	}
	return fiber.Map{"by_month": months(r.ByMonth), "opened": r.Opened, "resolved": r.Resolved, "reopened": r.Reopened,
		"reopen_share": r.ReopenShare(), "acknowledge": spread(r.Acknowledge), "resolve": spread(r.Resolve),
		"open_by_age": mapSlice(r.OpenByAge, func(a portal.RetourAge) fiber.Map {
			return fiber.Map{"priority": a.Priority, "age": a.Age, "count": a.Count}
		})}
}

// reportFile is a follow-up report of the route's :id: its file name (without date and
// extension), the requester's language, what it is about (a project's or a client's name) and
// its projects.
type reportFile struct {
	name, lang, subject string
	projects            []portal.ProjectReport
}

// sendReport answers the report that load makes for :id, as PDF or CSV after the extension of
// the route (report.pdf, report.csv). It is rendered into memory first, so that a failure is
// still a proper error response.
func (s *Server) sendReport(c *fiber.Ctx, load func(context.Context, portal.Actor, int64) (reportFile, error)) error {
	return serve(c, s, true, byID(load), func(r reportFile) error { return sendReportFile(c, r) })
}

func sendReportFile(c *fiber.Ctx, r reportFile) error {
	format := strings.TrimPrefix(path.Ext(c.Route().Path), ".")
	var buf bytesBuffer
	switch format {
	case "pdf":
		if err := report.PDF(&buf, r.lang, r.subject, r.projects); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/pdf")
	default:
		if err := report.CSV(&buf, r.lang, r.projects); err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "text/csv; charset=utf-8")
	}
	c.Set(fiber.HeaderContentDisposition, contentDisposition("attachment", r.name+"-"+c.Params("id")+"-"+time.Now().Format("2006-01-02")+"."+format))
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

func (s *Server) projectReport(c *fiber.Ctx) error {
	return s.sendReport(c, func(ctx context.Context, a portal.Actor, id int64) (reportFile, error) {
		r, err := s.svc.ProjectReport(ctx, a, id)
		return reportFile{"rapport-projet", r.Language, r.Project.Name, []portal.ProjectReport{r}}, err
	})
}

func (s *Server) clientReport(c *fiber.Ctx) error {
	return s.sendReport(c, func(ctx context.Context, a portal.Actor, id int64) (reportFile, error) {
		r, err := s.svc.ClientReport(ctx, a, id)
		return reportFile{"rapport-client", r.Language, r.Client.Name, r.Projects}, err
	})
}

type auditView struct {
	ID         int64     `json:"id"`
	At         time.Time `json:"at"`
	ActorID    int64     `json:"actor_id"`
	ActorRole  string    `json:"actor_role"`
	ActorEmail string    `json:"actor_email"`
	IP         string    `json:"ip"`
	UserAgent  string    `json:"user_agent"`
	Action     string    `json:"action"`
	TargetType string    `json:"target_type"`
	TargetID   int64     `json:"target_id"`
	ClientID   int64     `json:"client_id"`
	Outcome    string    `json:"outcome"`
	RequestID  string    `json:"request_id"`
	Summary    string    `json:"summary"`
}

func auditQuery(c *fiber.Ctx) portal.AuditQuery {
	return portal.AuditQuery{ActorID: int64(c.QueryInt("actor_id", 0)), ClientID: int64(c.QueryInt("client_id", 0)),
		TargetID: int64(c.QueryInt("target_id", 0)), Action: c.Query("action"), TargetType: c.Query("target_type"),
		From: c.Query("from"), To: c.Query("to"), Page: pageParams(c)}
}

func (s *Server) auditLog(c *fiber.Ctx) error {
	// auditQuery reads the page that listed answers.
	return listed(c, s, false, func(ctx context.Context, a portal.Actor, _ int64, _ portal.Page) (portal.AuditList, error) {
		return s.svc.AuditLog(ctx, a, auditQuery(c))
	}, func(e portal.AuditEntry) auditView {
		return auditView{ID: e.ID, At: e.At, ActorID: e.ActorID, ActorRole: e.ActorRole, ActorEmail: e.ActorEmail, IP: e.IP, UserAgent: e.UserAgent,
			Action: e.Action, TargetType: e.TargetType, TargetID: e.TargetID, ClientID: e.ClientID, Outcome: e.Outcome, RequestID: e.RequestID, Summary: e.Summary}
	})
}

// auditChainView is the last verification of the audit log's hash chain.
type auditChainView struct {
	VerifiedAt *time.Time      `json:"verified_at"` // null: never verified
	OK         bool            `json:"ok"`
	Rows       int64           `json:"rows"`
	Break      *chainBreakView `json:"break"`
}

type chainBreakView struct {
	Kind   string `json:"kind"` // edited, deleted, inserted, truncated, rewritten, no_head
	Row    int64  `json:"row"`
	Detail string `json:"detail"` // in English, as portal audit verify says it
}

func (s *Server) auditChain(c *fiber.Ctx) error {
	return handle(c, s, fiber.StatusOK, false, ofActor(s.svc.AuditChainStatus), func(st portal.ChainStatus) auditChainView {
		v := auditChainView{VerifiedAt: st.VerifiedAt, OK: st.OK, Rows: st.Rows}
		if st.Break != nil {
			v.Break = &chainBreakView{Kind: st.Break.Kind, Row: st.Break.Row, Detail: st.Break.Detail}
		}
		return v
	})
}

func (s *Server) exportAudit(c *fiber.Ctx) error {
	return sendCSV(c, s, "journal-audit", func(ctx context.Context, a portal.Actor, w io.Writer) error {
		return s.svc.ExportAudit(ctx, a, auditQuery(c), w)
	})
}
