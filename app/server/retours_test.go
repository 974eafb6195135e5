package server

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/config"
	"github.com/bigdatacenter/portal/app/mail/mailtest"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
)

func (b *browser) retour(path string, body any, want int) retourDetailView {
	b.h.t.Helper()
	r := b.do("POST", path, body)
	if r.status != want {
		b.h.t.Fatalf("POST %s %v = %d %s, want %d", path, body, r.status, r.body, want)
	}
	var v retourDetailView
	if want < 300 {
		r.json(b.h.t, &v)
	}
	return v
}

func (b *browser) project(id int64) projectDetailView {
	b.h.t.Helper()
	var p projectDetailView
	b.do("GET", fmt.Sprintf("/api/v1/projects/%d", id), nil).json(b.h.t, &p)
	return p
}

// notified reports whether the browser's user has a notification of a retour event.
func (b *browser) notified(retourID int64, event string) bool {
	b.h.t.Helper()
	r := b.do("GET", "/api/v1/notifications", nil)
	return strings.Contains(r.body, fmt.Sprintf(`"retour_id":%d`, retourID)) && strings.Contains(r.body, fmt.Sprintf(`"event":"%s"`, event))
}

// The whole workflow, each move by the side it belongs to: the client opens with a screenshot,
// staff take it into account and resolve it pointing at a version, the client reopens with a
// reason and finally closes it. Every wrong move is refused with the fitting status and leaves
// the retour as it was.
func TestRetourWorkflowByRole(t *testing.T) {
	h := newHarness(t)
	a1, a2, b1, adm := h.login(h.cast.A1.Email), h.login(h.cast.A2.Email), h.login(h.cast.B1.Email), h.login(h.cast.Admin.Email)
	pa := h.cast.ProjectA.ID

	var shot attachmentView
	up := a1.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", pa), rawFile{"capture menu.png", []byte("\x89PNG capture")})
	if up.status != 201 {
		t.Fatalf("upload = %d %s", up.status, up.body)
	}
	up.json(t, &shot)
	r := a1.retour(fmt.Sprintf("/api/v1/projects/%d/retours", pa), map[string]any{"kind": "anomalie", "priority": "bloquant",
		"title": "  La page de paiement plante  ", "description": "Erreur 500 après validation.", "milestone_id": h.cast.StepA2.ID,
		"attachment_ids": []int64{shot.ID}}, 201)
	if r.Status != "nouveau" || r.Title != "La page de paiement plante" || r.MilestoneTitle != "Développement" || len(r.Attachments) != 1 ||
		r.OpenedBy != "Alice Alpha" || len(r.History) != 1 || len(r.Moves) != 0 {
		t.Fatalf("opened retour = %+v", r)
	}
	// The screenshot is the retour's: a colleague downloads it, the other client cannot.
	if got := a2.do("GET", fmt.Sprintf("/api/v1/attachments/%d/download", shot.ID), nil); got.status != 200 || got.body != "\x89PNG capture" {
		t.Errorf("colleague downloading the screenshot = %d", got.status)
	}
	if got := b1.do("GET", fmt.Sprintf("/api/v1/attachments/%d/download", shot.ID), nil); got.status != 404 {
		t.Errorf("other client downloading the screenshot = %d", got.status)
	}
	if p := a1.project(pa); p.RetoursOpen != 2 || p.RetoursNew != 2 || p.RetoursResolved != 0 {
		t.Errorf("counters after opening = %d open, %d new, %d resolved", p.RetoursOpen, p.RetoursNew, p.RetoursResolved)
	}
	if !adm.notified(r.ID, "opened") || a2.notified(r.ID, "opened") {
		t.Errorf("the staff hear of a new retour, not the client's colleagues")
	}
	path := fmt.Sprintf("/api/v1/retours/%d/transition", r.ID)
	refused := func(b *browser, body map[string]any, status int, code string) {
		t.Helper()
		before := portaltest.TableChecksums(t, h.db, "retours", "retour_events", "notifications")
		res := b.do("POST", path, body)
		if res.status != status || (code != "" && res.errorCode(t) != code) {
			t.Errorf("%v = %d %s, want %d %s", body, res.status, res.body, status, code)
		}
		if res.status < 300 {
			return
		}
		if after := portaltest.TableChecksums(t, h.db, "retours", "retour_events", "notifications"); !maps.Equal(before, after) {
			t.Errorf("refused %v changed the database", body)
		}
	}
	refused(a1, map[string]any{"to": "pris_en_compte"}, 403, "retour_staff_only")
	refused(a1, map[string]any{"to": "cloture"}, 409, "retour_transition")
	refused(adm, map[string]any{"to": "cloture"}, 403, "retour_client_only")
	refused(adm, map[string]any{"to": "archive"}, 422, "")
	refused(b1, map[string]any{"to": "cloture"}, 404, "not_found")

	r = adm.retour(path, map[string]any{"to": "pris_en_compte"}, 200)
	if r.Status != "pris_en_compte" || r.AssigneeName != "Awa Admin" || !a1.notified(r.ID, "pris_en_compte") {
		t.Fatalf("taken into account = %+v", r.retourView)
	}
	refused(adm, map[string]any{"to": "pris_en_compte"}, 409, "retour_transition")
	refused(adm, map[string]any{"to": "resolu"}, 422, "")
	refused(adm, map[string]any{"to": "resolu", "comment": "Corrigé", "version_id": h.cast.VersionB.ID}, 422, "")
	refused(adm, map[string]any{"to": "en_cours", "version_id": h.cast.VersionA.ID}, 422, "")
	r = adm.retour(path, map[string]any{"to": "resolu", "comment": "Corrigé dans la v1.", "version_id": h.cast.VersionA.ID}, 200)
	if r.Status != "resolu" || r.Resolution != "Corrigé dans la v1." || r.ResolvedVersion == nil || r.ResolvedVersion.ID != h.cast.VersionA.ID ||
		!a2.notified(r.ID, "resolu") {
		t.Fatalf("resolved = %+v", r.retourView)
	}
	if p := a1.project(pa); p.RetoursOpen != 2 || p.RetoursNew != 1 || p.RetoursResolved != 1 {
		t.Errorf("counters after resolving = %d open, %d new, %d resolved", p.RetoursOpen, p.RetoursNew, p.RetoursResolved)
	}
	if got := a2.retour(fmt.Sprintf("/api/v1/retours/%d/transition", r.ID), map[string]any{"to": "rouvert", "comment": " "}, 422); got.ID != 0 {
		t.Fatal("a reopening without a reason was accepted")
	}
	r = a2.retour(path, map[string]any{"to": "rouvert", "comment": "Toujours une erreur sur Safari."}, 200)
	if r.Status != "rouvert" || r.ReopenCount != 1 || !adm.notified(r.ID, "rouvert") {
		t.Fatalf("reopened = %+v", r.retourView)
	}
	adm.retour(path, map[string]any{"to": "en_cours"}, 200)
	adm.retour(path, map[string]any{"to": "resolu", "comment": "Corrigé aussi pour Safari."}, 200)
	r = a1.retour(path, map[string]any{"to": "cloture"}, 200)
	if r.Status != "cloture" || r.ClosedAt == nil || len(r.Moves) != 0 {
		t.Fatalf("closed = %+v", r.retourView)
	}
	want := []string{"→nouveau", "nouveau→pris_en_compte", "pris_en_compte→resolu", "resolu→rouvert", "rouvert→en_cours", "en_cours→resolu", "resolu→cloture"}
	var got []string
	for _, e := range r.History {
		got = append(got, e.From+"→"+e.To)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") || r.History[3].Comment != "Toujours une erreur sur Safari." || r.History[3].By != "Albert Alpha" {
		t.Errorf("history = %v (%+v)", got, r.History)
	}
	refused(a1, map[string]any{"to": "rouvert", "comment": "Encore"}, 409, "retour_transition")
	if p := adm.project(pa); p.RetoursOpen != 1 || p.RetoursResolved != 0 {
		t.Errorf("counters after closing = %d open, %d resolved", p.RetoursOpen, p.RetoursResolved)
	}
	var audit pageView[map[string]any]
	adm.do("GET", "/api/v1/admin/audit?action=retour.cloture", nil).json(t, &audit)
	if audit.Total != 1 {
		t.Errorf("audit rows of the closing = %d", audit.Total)
	}
	// Staff may open one on the client's behalf: the client's users hear of it.
	r = adm.retour(fmt.Sprintf("/api/v1/projects/%d/retours", pa), map[string]any{"kind": "question", "priority": "mineur", "title": "Logo en SVG ?"}, 201)
	if r.OpenedRole != "admin" || !a1.notified(r.ID, "opened") {
		t.Errorf("opened by staff = %+v", r.retourView)
	}
}

// Bad input gets a clear error and writes nothing: no retour, no history, no claimed file.
func TestRetourInputErrors(t *testing.T) {
	h := newHarnessLimit(t, config.Default().Auth, 1024)
	a1, b1 := h.login(h.cast.A1.Email), h.login(h.cast.B1.Email)
	pa := h.cast.ProjectA.ID
	var theirs attachmentView
	b1.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", h.cast.ProjectB.ID), rawFile{"b.png", []byte("png")}).json(t, &theirs)
	base := func(extra map[string]any) map[string]any {
		m := map[string]any{"kind": "anomalie", "priority": "majeur", "title": "Titre"}
		maps.Copy(m, extra)
		return m
	}
	for _, c := range []struct {
		body  map[string]any
		field string
		words string
	}{
		{base(map[string]any{"title": "   "}), "title", "obligatoire"},
		{base(map[string]any{"title": "deux\nlignes"}), "title", "une seule ligne"},
		{base(map[string]any{"kind": "plainte"}), "kind", "Type de retour inconnu"},
		{base(map[string]any{"priority": "urgent"}), "priority", "Priorité inconnue"},
		{base(map[string]any{"milestone_id": h.cast.StepB1.ID}), "milestone_id", "n'appartient pas au projet"},
		{base(map[string]any{"version_id": h.cast.VersionB.ID}), "version_id", "n'appartient pas au projet"},
		{base(map[string]any{"task_id": 424242}), "task_id", "n'appartient pas au projet"},
		{base(map[string]any{"task_id": h.cast.TaskB.ID}), "task_id", "n'appartient pas au projet"},
		// An internal task is no more the client's to name than another project's.
		{base(map[string]any{"task_id": h.cast.TaskAInternal.ID}), "task_id", "n'appartient pas au projet"},
		{base(map[string]any{"attachment_ids": []int64{theirs.ID}}), "attachment_ids", "introuvable"},
	} {
		before := portaltest.TableChecksums(t, h.db, "retours", "retour_events", "message_attachments", "projects")
		r := a1.do("POST", fmt.Sprintf("/api/v1/projects/%d/retours", pa), c.body)
		e := decodeError(t, r.body)
		if r.status != 422 || e.Field != c.field || !strings.Contains(e.Message, c.words) {
			t.Errorf("%v = %d %s, want 422 on %s saying %q", c.body, r.status, r.body, c.field, c.words)
		}
		if after := portaltest.TableChecksums(t, h.db, "retours", "retour_events", "message_attachments", "projects"); !maps.Equal(before, after) {
			t.Errorf("refused %v changed the database", c.body)
		}
	}
	// The files of a retour follow the attachments' rules.
	if r := a1.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", pa), rawFile{"outil.exe", []byte("MZ")}); r.status != 422 || !strings.Contains(r.body, "« .exe »") {
		t.Errorf("denied type = %d %s", r.status, r.body)
	}
	if r := a1.do("POST", fmt.Sprintf("/api/v1/projects/%d/attachments", pa), rawFile{"grand.png", make([]byte, 2048)}); r.status != 413 {
		t.Errorf("too large = %d %s", r.status, r.body)
	}
	// Unknown filters and sorts are refused rather than ignored.
	for _, q := range []string{"status=perdu", "kind=x", "priority=x", "sort=title;drop", "age=-1"} {
		if r := a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/retours?%s", pa, q), nil); r.status != 422 {
			t.Errorf("list with %s = %d", q, r.status)
		}
	}
}

// « Demander des modifications » keeps the comment as a retour on that version; staff resolve it
// pointing at the new version, which the client downloads before closing.
func TestChangeRequestOpensARetourOnTheVersion(t *testing.T) {
	h := newHarness(t)
	a1, adm := h.login(h.cast.A1.Email), h.login(h.cast.Admin.Email)
	if r := a1.do("POST", fmt.Sprintf("/api/v1/versions/%d/decision", h.cast.VersionA.ID),
		map[string]string{"decision": "modifications", "comment": "Agrandir le logo."}); r.status != 200 {
		t.Fatalf("change request = %d %s", r.status, r.body)
	}
	var list pageView[retourView]
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/retours?kind=evolution", h.cast.ProjectA.ID), nil).json(t, &list)
	if list.Total != 1 || list.Items[0].Version == nil || list.Items[0].Version.ID != h.cast.VersionA.ID ||
		list.Items[0].Description != "Agrandir le logo." || list.Items[0].MilestoneID == nil || *list.Items[0].MilestoneID != h.cast.StepA1.ID {
		t.Fatalf("retours after the change request = %+v", list)
	}
	id := list.Items[0].ID
	if r := adm.do("GET", "/api/v1/notifications", nil); !strings.Contains(r.body, fmt.Sprintf(`"retour_id":%d`, id)) {
		t.Errorf("the decision's notification does not name its retour: %s", r.body)
	}
	var v2 struct {
		Versions []struct{ ID int64 } `json:"versions"`
	}
	r := adm.do("POST", fmt.Sprintf("/api/v1/admin/deliverables/%d/versions", h.cast.DeliverableA.ID), rawFile{"maquettes-v2.pdf", []byte("%PDF v2")})
	r.json(t, &v2)
	path := fmt.Sprintf("/api/v1/retours/%d/transition", id)
	adm.retour(path, map[string]any{"to": "en_cours"}, 200)
	res := adm.retour(path, map[string]any{"to": "resolu", "comment": "Logo agrandi.", "version_id": v2.Versions[0].ID}, 200)
	if res.ResolvedVersion == nil || res.ResolvedVersion.Number != 2 || res.ResolvedVersion.Deliverable != "Maquettes Alpha" {
		t.Fatalf("resolution = %+v", res.ResolvedVersion)
	}
	if d := a1.do("GET", fmt.Sprintf("/api/v1/versions/%d/download", res.ResolvedVersion.ID), nil); d.status != 200 || d.body != "%PDF v2" {
		t.Errorf("downloading the fixing version = %d", d.status)
	}
	if got := a1.retour(path, map[string]any{"to": "cloture"}, 200); got.Status != "cloture" {
		t.Errorf("closing = %s", got.Status)
	}
}

// A retour's thread is its own: its messages never appear in the project's conversation nor
// count as unread there; they keep the edit window and notify the other side only.
func TestRetourThread(t *testing.T) {
	h := newHarness(t)
	a1, a2, adm := h.login(h.cast.A1.Email), h.login(h.cast.A2.Email), h.login(h.cast.Admin.Email)
	path := fmt.Sprintf("/api/v1/retours/%d/messages", h.cast.RetourA.ID)
	var m messageView
	r := adm.do("POST", path, map[string]any{"body": "Pouvez-vous préciser le navigateur ?"})
	r.json(t, &m)
	if r.status != 201 || m.RetourID == nil || *m.RetourID != h.cast.RetourA.ID {
		t.Fatalf("post in the thread = %d %s", r.status, r.body)
	}
	if !a1.notified(h.cast.RetourA.ID, "message") || !a2.notified(h.cast.RetourA.ID, "message") {
		t.Error("the client's users are not told of the staff's answer")
	}
	var thread struct {
		Items []messageView `json:"items"`
	}
	a1.do("GET", path, nil).json(t, &thread)
	if len(thread.Items) != 1 || thread.Items[0].Body != "Pouvez-vous préciser le navigateur ?" {
		t.Fatalf("thread = %+v", thread.Items)
	}
	conv := a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/messages", h.cast.ProjectA.ID), nil)
	if strings.Contains(conv.body, "navigateur") {
		t.Error("a retour's message shows in the project's conversation")
	}
	var list pageView[projectView]
	a2.do("GET", "/api/v1/projects", nil).json(t, &list)
	if len(list.Items) != 1 || list.Items[0].UnreadMessages != 1 { // MessageA only
		t.Errorf("unread in the conversation = %+v", list.Items)
	}
	// The author may edit within the window, not after.
	if e := adm.do("PATCH", fmt.Sprintf("/api/v1/messages/%d", m.ID), map[string]string{"body": "Quel navigateur ?"}); e.status != 200 {
		t.Errorf("edit = %d", e.status)
	}
	var mine messageView
	a1.do("POST", path, map[string]any{"body": "Firefox 130"}).json(t, &mine)
	h.advance(20 * time.Minute)
	if e := a1.do("PATCH", fmt.Sprintf("/api/v1/messages/%d", mine.ID), map[string]string{"body": "Chrome"}); e.status != 409 {
		t.Errorf("late edit = %d", e.status)
	}
	if b := h.login(h.cast.B1.Email).do("POST", path, map[string]any{"body": "intrus"}); b.status != 404 {
		t.Errorf("other client posting = %d", b.status)
	}
}

// For every user and retour: the page answers 200 if and only if the retour is in that user's
// lists, and filters narrow the staff's list across projects; a client cannot widen its list.
func TestRetourPageIffInListAndFilters(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	// A second retour on project A, urgent and old.
	old := adm.retour(fmt.Sprintf("/api/v1/projects/%d/retours", h.cast.ProjectA.ID),
		map[string]any{"kind": "question", "priority": "bloquant", "title": "Ancien"}, 201)
	h.advance(10 * 24 * time.Hour)
	adm = h.login(h.cast.Admin.Email) // the session before the ten days has expired
	for _, email := range []string{h.cast.A1.Email, h.cast.A2.Email, h.cast.B1.Email, h.cast.Admin.Email} {
		b := h.login(email)
		listed := map[int64]bool{}
		for _, p := range []int64{h.cast.ProjectA.ID, h.cast.ProjectB.ID} {
			var page pageView[retourView]
			if r := b.do("GET", fmt.Sprintf("/api/v1/projects/%d/retours?per_page=100", p), nil); r.status == 200 {
				r.json(t, &page)
			}
			for _, x := range page.Items {
				listed[x.ID] = true
			}
		}
		for _, id := range []int64{h.cast.RetourA.ID, h.cast.RetourB.ID, old.ID} {
			r := b.do("GET", fmt.Sprintf("/api/v1/retours/%d", id), nil)
			if (r.status == 200) != listed[id] || (r.status != 200 && r.status != 404) {
				t.Errorf("%s: retour %d listed=%v but page=%d", email, id, listed[id], r.status)
			}
		}
		if want := map[string]int{h.cast.B1.Email: 1, h.cast.Admin.Email: 3}[email]; want == 0 && len(listed) != 2 || want != 0 && len(listed) != want {
			t.Errorf("%s sees %d retours", email, len(listed))
		}
	}
	if r := h.login(h.cast.B1.Email).do("GET", fmt.Sprintf("/api/v1/projects/%d/retours?client_id=%d", h.cast.ProjectB.ID, h.cast.ClientA.ID), nil); strings.Contains(r.body, "Ancien") {
		t.Fatalf("client_id widened a client's list: %s", r.body)
	}
	count := func(q string) (int, []int64) {
		t.Helper()
		var page pageView[retourView]
		r := adm.do("GET", "/api/v1/admin/retours?"+q, nil)
		if r.status != 200 {
			t.Fatalf("%s = %d %s", q, r.status, r.body)
		}
		r.json(t, &page)
		var ids []int64
		for _, x := range page.Items {
			ids = append(ids, x.ID)
		}
		return page.Total, ids
	}
	for q, want := range map[string]int{"": 3, "client_id=" + fmtInt(h.cast.ClientA.ID): 2, "project_id=" + fmtInt(h.cast.ProjectB.ID): 1,
		"priority=bloquant": 1, "kind=anomalie": 2, "status=ouvert": 3, "status=cloture": 0, "age=5": 3,
		"assignee_id=" + fmtInt(h.cast.Admin.ID): 0, "milestone_id=" + fmtInt(h.cast.StepA1.ID): 1} {
		if n, _ := count(q); n != want {
			t.Errorf("admin list %q: %d, want %d", q, n, want)
		}
	}
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", old.ID), map[string]any{"to": "pris_en_compte"}, 200)
	if n, _ := count("assignee_id=" + fmtInt(h.cast.Admin.ID)); n != 1 {
		t.Errorf("assignee filter after taking it = %d", n)
	}
	if _, ids := count("sort=priority"); len(ids) != 3 || ids[0] != old.ID {
		t.Errorf("priority sort = %v, want the bloquant first", ids)
	}
	if _, ids := count("sort=oldest&per_page=1&page=2"); len(ids) != 1 || ids[0] != h.cast.RetourB.ID {
		t.Errorf("second page of the oldest first = %v", ids)
	}
	csv := adm.do("GET", "/api/v1/admin/retours/export.csv?priority=bloquant", nil)
	if csv.status != 200 || !strings.Contains(csv.body, "Ancien") || strings.Contains(csv.body, "Le menu ne s'ouvre pas") ||
		!strings.Contains(csv.body, "Bloquant") || !strings.Contains(csv.header.Get("Content-Disposition"), "retours-") {
		t.Errorf("export = %d %s", csv.status, csv.body)
	}
	mine := h.login(h.cast.B1.Email).do("GET", fmt.Sprintf("/api/v1/projects/%d/retours/export.csv", h.cast.ProjectB.ID), nil)
	if mine.status != 200 || strings.Contains(mine.body, "Ancien") || !strings.Contains(mine.body, "Faute dans le cahier") {
		t.Errorf("client export = %d %s", mine.status, mine.body)
	}
	var ov overviewView
	adm.do("GET", "/api/v1/admin/overview", nil).json(t, &ov)
	if ov.RetoursOpen != 3 || ov.RetoursNew != 2 {
		t.Errorf("overview counters = %d open, %d new", ov.RetoursOpen, ov.RetoursNew)
	}
}

// The statistics page gets the figures of retours: opened and closed per month, delays with
// median and 90th percentile, the reopen rate and the open ones by priority and age.
func TestStatisticsOfRetours(t *testing.T) {
	h := newHarness(t)
	path := fmt.Sprintf("/api/v1/retours/%d/transition", h.cast.RetourA.ID)
	// Sessions end after a while without use: each step signs in again.
	h.advance(2 * time.Hour)
	h.login(h.cast.Admin.Email).retour(path, map[string]any{"to": "pris_en_compte"}, 200)
	h.advance(4 * time.Hour)
	h.login(h.cast.Admin.Email).retour(path, map[string]any{"to": "resolu", "comment": "Fait."}, 200)
	h.login(h.cast.A1.Email).retour(path, map[string]any{"to": "rouvert", "comment": "Pas encore."}, 200)
	adm := h.login(h.cast.Admin.Email)
	var st struct {
		Retours struct {
			ByMonth  []monthView `json:"by_month"`
			Opened   int         `json:"opened"`
			Resolved int         `json:"resolved"`
			Reopened int         `json:"reopened"`
			Share    float64     `json:"reopen_share"`
			Ack      struct {
				Count  int   `json:"count"`
				Median int64 `json:"median_seconds"`
				P90    int64 `json:"p90_seconds"`
			} `json:"acknowledge"`
			Resolve struct {
				Median int64 `json:"median_seconds"`
			} `json:"resolve"`
			Ages []struct {
				Priority string `json:"priority"`
				Age      string `json:"age"`
				Count    int    `json:"count"`
			} `json:"open_by_age"`
		} `json:"retours"`
	}
	r := adm.do("GET", "/api/v1/admin/statistics", nil)
	r.json(t, &st)
	rs := st.Retours
	if r.status != 200 || rs.Opened != 2 || rs.Resolved != 1 || rs.Reopened != 1 || rs.Share != 1 || rs.Ack.Count != 1 {
		t.Fatalf("statistics of retours = %d %+v", r.status, rs)
	}
	if rs.Ack.Median < 2*3600 || rs.Ack.Median > 2*3600+60 || rs.Ack.P90 != rs.Ack.Median || rs.Resolve.Median < 6*3600 || rs.Resolve.Median > 6*3600+60 {
		t.Errorf("delays = %+v, %+v", rs.Ack, rs.Resolve)
	}
	if len(rs.ByMonth) != 1 || rs.ByMonth[0].Series != "opened" || rs.ByMonth[0].Count != 2 {
		t.Errorf("by month = %+v", rs.ByMonth)
	}
	if len(rs.Ages) != 1 || rs.Ages[0].Priority != "majeur" || rs.Ages[0].Age != "lt7" || rs.Ages[0].Count != 2 {
		t.Errorf("open by age = %+v", rs.Ages)
	}
}

// The dashboards' counters: a client counts its company's retours only, staff every one.
func TestRetourCountsOfTheDashboards(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", h.cast.RetourA.ID), map[string]any{"to": "pris_en_compte"}, 200)
	adm.retour(fmt.Sprintf("/api/v1/retours/%d/transition", h.cast.RetourA.ID), map[string]any{"to": "resolu", "comment": "Fait"}, 200)
	for email, want := range map[string]string{h.cast.A1.Email: `{"new":0,"open":1,"resolved":1}`, h.cast.B1.Email: `{"new":1,"open":1,"resolved":0}`,
		h.cast.Admin.Email: `{"new":1,"open":2,"resolved":1}`} {
		if r := h.login(email).do("GET", "/api/v1/retours/summary", nil); r.status != 200 || r.body != want {
			t.Errorf("%s: summary = %d %s, want %s", email, r.status, r.body, want)
		}
	}
}

// Retour events reach the other side's e-mail as the other notifications do: grouped, in the
// reader's language, and not at all for whoever turned the kind off.
func TestRetourNotificationsByEmail(t *testing.T) {
	h := newHarness(t)
	smtp := mailtest.Start(t)
	portaltest.Disable(t, h.db, h.cast.DisabledA.ID) // a disabled user gets no e-mail
	a1, a2 := h.login(h.cast.A1.Email), h.login(h.cast.A2.Email)
	if r := a1.do("PUT", "/api/v1/account/notifications", map[string]any{"modes": map[string]string{"retour": "off"}, "digest_hour": 8}); r.status != 200 {
		t.Fatalf("prefs = %d %s", r.status, r.body)
	}
	a2.do("PATCH", "/api/v1/account", map[string]string{"name": "Albert Alpha", "language": "en"})
	adm := h.login(h.cast.Admin.Email)
	path := fmt.Sprintf("/api/v1/retours/%d/transition", h.cast.RetourA.ID)
	adm.retour(path, map[string]any{"to": "pris_en_compte"}, 200)
	adm.retour(path, map[string]any{"to": "resolu", "comment": "Menu réparé."}, 200)
	if !a1.notified(h.cast.RetourA.ID, "resolu") {
		t.Error("turning e-mails off keeps the bell")
	}
	h.advance(3 * time.Minute)
	if n, err := h.svc.SendDueNotificationEmails(context.Background()); n != 1 || err != nil { // A2 only
		t.Fatalf("e-mails queued = %d, %v", n, err)
	}
	m := h.deliverMail(smtp, 1)[0]
	if m.To[0] != h.cast.A2.Email || m.Subject != "2 updates on the BIGDATA CENTER portal" {
		t.Fatalf("e-mail to %v: %q", m.To, m.Subject)
	}
	for _, want := range []string{"Feedback acknowledged: Le menu ne s'ouvre pas sur mobile", "Feedback resolved, please confirm", "Menu réparé."} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("the e-mail lacks %q:\n%s", want, m.Text)
		}
	}
}
