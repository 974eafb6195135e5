package server

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// TestStatisticsMatchHandComputedFigures sets known dates on the fixture and checks every figure
// against the values computed by hand below.
// statisticsAnswer is what GET /api/v1/admin/statistics answers, as the tests read it.
type statisticsAnswer struct {
	Projects     []monthView `json:"projects_by_month"`
	Milestones   []monthView `json:"milestones_by_month"`
	Deliverables []monthView `json:"deliverables_by_month"`
	Decisions    struct {
		Total          int     `json:"total"`
		ChangeRequests int     `json:"change_requests"`
		Share          float64 `json:"change_request_share"`
		Avg            float64 `json:"avg_decision_seconds"`
	} `json:"decisions"`
	Response struct {
		ClientMessages int     `json:"client_messages"`
		Answered       int     `json:"answered"`
		Avg            float64 `json:"avg_response_seconds"`
	} `json:"team_response"`
	Active     []rankView `json:"most_active_clients"`
	ComputedAt time.Time  `json:"computed_at"`
}

func TestStatisticsMatchHandComputedFigures(t *testing.T) {
	h := newHarness(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := h.db.SQL().Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	c := h.cast
	// Steps: A1 delivered 10 Oct, due 15 Oct (on time); A2 delivered 20 Oct, due 18 Oct (late);
	// B1 delivered 2 Nov without a due date (on time).
	exec("UPDATE milestones SET state='livree', delivered_at='2026-10-10 10:00:00', due_date='2026-10-15' WHERE id=?", c.StepA1.ID)
	exec("UPDATE milestones SET state='livree', delivered_at='2026-10-20 10:00:00', due_date='2026-10-18' WHERE id=?", c.StepA2.ID)
	exec("UPDATE milestones SET state='livree', delivered_at='2026-11-02 10:00:00', due_date=NULL WHERE id=?", c.StepB1.ID)
	// Versions: A uploaded 1 Oct 09:00, sent back 2 Oct 09:00 (24 h), validated 3 Oct;
	// B uploaded 1 Nov 00:00, validated 1 Nov 12:00 (12 h).
	exec("UPDATE deliverable_versions SET uploaded_at='2026-10-01 09:00:00' WHERE id=?", c.VersionA.ID)
	exec("UPDATE deliverable_versions SET uploaded_at='2026-11-01 00:00:00' WHERE id=?", c.VersionB.ID)
	for _, d := range []struct {
		v, del       int64
		decision, at string
		by           int64
	}{
		{c.VersionA.ID, c.DeliverableA.ID, "modifications", "2026-10-02 09:00:00", c.A1.ID},
		{c.VersionA.ID, c.DeliverableA.ID, "valide", "2026-10-03 09:00:00", c.A2.ID},
		{c.VersionB.ID, c.DeliverableB.ID, "valide", "2026-11-01 12:00:00", c.B1.ID},
	} {
		exec("INSERT INTO deliverable_decisions (version_id, deliverable_id, decision, comment, sha256, by_user_id, by_name, at) VALUES (?, ?, ?, '', REPEAT('0',64), ?, 'x', ?)",
			d.v, d.del, d.decision, d.by, d.at)
	}
	// Messages: A1 writes 5 Oct 08:00, staff answers 10:00 (2 h); B1 writes 6 Oct, no answer.
	exec("UPDATE messages SET created_at='2026-10-05 08:00:00' WHERE id=?", c.MessageA.ID)
	exec("UPDATE messages SET created_at='2026-10-06 08:00:00' WHERE id=?", c.MessageB.ID)
	if _, err := h.db.InsertMessage(context.Background(), store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "Réponse",
		CreatedAt: time.Date(2026, 10, 5, 10, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}

	adm := h.login(c.Admin.Email)
	r := adm.do("GET", "/api/v1/admin/statistics?from=2026-10-01&to=2026-11-30", nil)
	var st statisticsAnswer
	r.json(t, &st)
	if r.status != 200 {
		t.Fatalf("statistics = %d %s", r.status, r.body)
	}
	month := fmt.Sprintf("%s", h.now().Format("2006-01"))
	wantProjects := []monthView{{month, "en_cours", 2}}
	if month < "2026-10" || month > "2026-11" {
		wantProjects = nil // the fixture's projects were created outside the period
	}
	check := func(name string, got, want []monthView) {
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	check("projects by month", st.Projects, wantProjects)
	check("milestones by month", st.Milestones, []monthView{{"2026-10", "late", 1}, {"2026-10", "on_time", 1}, {"2026-11", "on_time", 1}})
	check("deliverables by month", st.Deliverables, []monthView{{"2026-10", "uploaded", 1}, {"2026-10", "validated", 1}, {"2026-11", "uploaded", 1}, {"2026-11", "validated", 1}})
	if st.Decisions.Total != 3 || st.Decisions.ChangeRequests != 1 || math.Abs(st.Decisions.Share-1.0/3) > 1e-9 || st.Decisions.Avg != 64800 {
		t.Errorf("decisions = %+v, want 3, 1, 1/3, 64800 s ((24 h + 12 h) / 2)", st.Decisions)
	}
	if st.Response.ClientMessages != 2 || st.Response.Answered != 1 || st.Response.Avg != 7200 {
		t.Errorf("team response = %+v, want 2 messages, 1 answered, 7200 s", st.Response)
	}
	if len(st.Active) != 2 || st.Active[0].Name != "alpha" || st.Active[0].Count != 3 || st.Active[1].Count != 2 {
		t.Errorf("most active = %+v, want alpha 3 (1 message + 2 decisions), beta 2", st.Active)
	}
	// Every combination of filters the page offers: a client, a shorter period, both. The
	// rankings are of every client whatever the client filter.
	type figures struct {
		milestones, deliverables []monthView
		decisions, changes       int
		avgDecision              float64
		messages, answered       int
		avgResponse              float64
		active                   []rankView
	}
	alpha, beta := c.ClientA.ID, c.ClientB.ID
	ranking := []rankView{{alpha, "alpha", 3}, {beta, "beta", 2}}
	for _, f := range []struct {
		query string
		want  figures
	}{
		{fmt.Sprintf("from=2026-10-01&to=2026-11-30&client_id=%d", alpha), figures{
			[]monthView{{"2026-10", "late", 1}, {"2026-10", "on_time", 1}}, []monthView{{"2026-10", "uploaded", 1}, {"2026-10", "validated", 1}},
			2, 1, 86400, 1, 1, 7200, ranking}},
		{fmt.Sprintf("from=2026-10-01&to=2026-11-30&client_id=%d", beta), figures{
			[]monthView{{"2026-11", "on_time", 1}}, []monthView{{"2026-11", "uploaded", 1}, {"2026-11", "validated", 1}},
			1, 0, 43200, 1, 0, 0, ranking}},
		{"from=2026-10-01&to=2026-10-31", figures{
			[]monthView{{"2026-10", "late", 1}, {"2026-10", "on_time", 1}}, []monthView{{"2026-10", "uploaded", 1}, {"2026-10", "validated", 1}},
			2, 1, 86400, 2, 1, 7200, []rankView{{alpha, "alpha", 3}, {beta, "beta", 1}}}},
		{"from=2026-11-01&to=2026-11-30", figures{
			[]monthView{{"2026-11", "on_time", 1}}, []monthView{{"2026-11", "uploaded", 1}, {"2026-11", "validated", 1}},
			1, 0, 43200, 0, 0, 0, []rankView{{beta, "beta", 1}}}},
		{fmt.Sprintf("from=2026-11-01&to=2026-11-30&client_id=%d", alpha), figures{
			nil, nil, 0, 0, 0, 0, 0, 0, []rankView{{beta, "beta", 1}}}},
		{"from=2026-10-02&to=2026-10-05", figures{ // days within a month: A's two decisions and A1's message, not B1's of the 6th
			nil, []monthView{{"2026-10", "validated", 1}}, 2, 1, 86400, 1, 1, 7200, []rankView{{alpha, "alpha", 3}}}},
		{"from=2026-10-02&to=2026-10-02", figures{ // one day: the change request only
			nil, nil, 1, 1, 86400, 0, 0, 0, []rankView{{alpha, "alpha", 1}}}},
	} {
		var got statisticsAnswer
		r := adm.do("GET", "/api/v1/admin/statistics?"+f.query, nil)
		if r.status != 200 {
			t.Fatalf("%s = %d %s", f.query, r.status, r.body)
		}
		r.json(t, &got)
		check(f.query+" milestones", got.Milestones, f.want.milestones)
		check(f.query+" deliverables", got.Deliverables, f.want.deliverables)
		gotFigures := []any{got.Decisions.Total, got.Decisions.ChangeRequests, got.Decisions.Avg, got.Response.ClientMessages, got.Response.Answered, got.Response.Avg}
		wantFigures := []any{f.want.decisions, f.want.changes, f.want.avgDecision, f.want.messages, f.want.answered, f.want.avgResponse}
		if fmt.Sprint(gotFigures) != fmt.Sprint(wantFigures) {
			t.Errorf("%s: decisions, change requests, mean decision, client messages, answered, mean response = %v, want %v", f.query, gotFigures, wantFigures)
		}
		if fmt.Sprint(got.Active) != fmt.Sprint(f.want.active) {
			t.Errorf("%s: most active = %v, want %v", f.query, got.Active, f.want.active)
		}
		if got.ComputedAt.IsZero() || got.ComputedAt.After(h.now()) {
			t.Errorf("%s: computed_at = %v", f.query, got.ComputedAt)
		}
	}
	if r := adm.do("GET", "/api/v1/admin/statistics?from=2026-12-01&to=2026-01-01", nil); r.status != 422 {
		t.Errorf("inverted period = %d", r.status)
	}
}

func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", data[:min(len(data), 20)])
	}
	p := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (Debian package poppler-utils): %v", err)
	}
	return string(out)
}

func TestProjectReportPDFAndCSV(t *testing.T) {
	h, adm := newAdminHarness(t)
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]string{"state": "livree"})
	a1 := h.login(h.cast.A1.Email)
	r := a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/report.pdf", h.cast.ProjectA.ID), nil)
	if r.status != 200 || r.header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("report = %d %v", r.status, r.header)
	}
	text := pdfText(t, []byte(r.body))
	for _, want := range []string{"Rapport de suivi — Site vitrine Alpha", "Client : alpha", "En cours", "50 % — étape 1 sur 2",
		"Maquettes", "Développement", "Livrée", "Maquettes Alpha — v1 — En attente de validation", "Bonjour, où en est la maquette ?",
		"Retours", "1 ouvert(s) dont 0 bloquant(s) ; 1 ouvert(s) au total, 0 résolu(s)", "Le menu ne s'ouvre pas sur mobile", "Anomalie", "Majeur", "Nouveau"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF text lacks %q:\n%s", want, text)
		}
	}
	h.oneAudit("report.project", h.cast.ProjectA.ID, "success")
	r = a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/report.csv", h.cast.ProjectA.ID), nil)
	if r.status != 200 || !strings.Contains(r.body, "Site vitrine Alpha;alpha;En cours;50;1;2;étape;Maquettes;Livrée") ||
		!strings.Contains(r.body, "retour;Le menu ne s'ouvre pas sur mobile (Anomalie, Majeur);Nouveau;;") {
		t.Fatalf("CSV report = %d\n%s", r.status, r.body)
	}
	// A2 reads English: its reports are English, headings, statuses and dates.
	a2 := h.login(h.cast.A2.Email)
	a2.do("PATCH", "/api/v1/account", map[string]string{"name": "Albert Alpha", "language": "en"})
	a2 = h.login(h.cast.A2.Email)
	r = a2.do("GET", fmt.Sprintf("/api/v1/projects/%d/report.pdf", h.cast.ProjectA.ID), nil)
	text = pdfText(t, []byte(r.body))
	for _, want := range []string{"Follow-up report — Site vitrine Alpha", "Client: alpha", "In progress", "50% — step 1 of 2",
		"Delivered", "Maquettes Alpha — v1 — Awaiting approval", "Recent exchanges", "Feedback", "Issue", "Major", "1 open including 0 blocking"} {
		if !strings.Contains(text, want) {
			t.Errorf("the English PDF text lacks %q:\n%s", want, text)
		}
	}
	for _, french := range []string{"Rapport", "Étape", "En cours", "Livrée", "établi"} {
		if strings.Contains(text, french) {
			t.Errorf("the English PDF says %q:\n%s", french, text)
		}
	}
	r = a2.do("GET", fmt.Sprintf("/api/v1/projects/%d/report.csv", h.cast.ProjectA.ID), nil)
	if !strings.Contains(r.body, "Site vitrine Alpha;alpha;In progress;50;1;2;step;Maquettes;Delivered") {
		t.Fatalf("English CSV report = %d\n%s", r.status, r.body)
	}
	// The client report gathers every project of the client.
	r = adm.do("GET", fmt.Sprintf("/api/v1/admin/clients/%d/report.pdf", h.cast.ClientB.ID), nil)
	if text := pdfText(t, []byte(r.body)); !strings.Contains(text, "Application Beta") || strings.Contains(text, "Site vitrine Alpha") {
		t.Fatalf("client B's report:\n%s", text)
	}
}

func TestAuditViewerFiltersAndExport(t *testing.T) {
	h, adm := newAdminHarness(t)
	h.login(h.cast.A1.Email)
	h.anonymous().do("POST", "/api/v1/auth/login", map[string]string{"email": h.cast.B1.Email, "password": "faux"})
	var page pageView[auditView]
	adm.do("GET", "/api/v1/admin/audit?action=auth.login", nil).json(t, &page)
	if page.Total != 3 { // admin, A1 successes and B1's failure
		t.Fatalf("auth.login entries = %d", page.Total)
	}
	adm.do("GET", fmt.Sprintf("/api/v1/admin/audit?actor_id=%d", h.cast.A1.ID), nil).json(t, &page)
	if page.Total != 1 || page.Items[0].ActorEmail != h.cast.A1.Email {
		t.Fatalf("by person = %+v", page)
	}
	today := h.now().Format("2006-01-02")
	adm.do("GET", "/api/v1/admin/audit?from=2020-01-01&to=2020-12-31", nil).json(t, &page)
	if page.Total != 0 {
		t.Fatalf("an empty period has %d entries", page.Total)
	}
	adm.do("GET", "/api/v1/admin/audit?per_page=2&from="+today, nil).json(t, &page)
	if len(page.Items) != 2 || page.Total < 3 {
		t.Fatalf("pagination = %d of %d", len(page.Items), page.Total)
	}
	r := adm.do("GET", "/api/v1/admin/audit/export.csv?action=auth.login", nil)
	if r.status != 200 || strings.Count(r.body, "auth.login") != 3 || !strings.Contains(r.body, "failure") {
		t.Fatalf("audit export = %d\n%s", r.status, r.body)
	}
	h.oneAudit("audit.export", 0, "success")
}
