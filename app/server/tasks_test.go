package server

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
)

// steps of a test project: state, weight, tasks, finished tasks (of which internal).
type stepCase struct {
	state              string
	weight, tasks, fin int
	internalFin        int
}

// The progress rule on the server, end to end: counters kept on write, the percentage in lists
// and on the page, and the « pourquoi » lines that explain it.
func TestProgressRuleFromTasks(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	cases := []struct {
		name   string
		steps  []stepCase
		want   int
		points []float64
	}{
		{"no tasks: as before", []stepCase{{"livree", 1, 0, 0, 0}, {"en_cours", 1, 0, 0, 0}, {"a_venir", 1, 0, 0, 0}}, 33, []float64{33.3, 0, 0}},
		{"a step in progress counts its finished tasks", []stepCase{{"validee", 1, 0, 0, 0}, {"en_cours", 1, 4, 2, 0}}, 75, []float64{50, 25}},
		{"internal tasks count too", []stepCase{{"en_cours", 1, 4, 3, 2}, {"a_venir", 1, 2, 0, 0}}, 38, []float64{37.5, 0}},
		{"weights scale a step's share", []stepCase{{"en_cours", 3, 10, 5, 0}, {"a_venir", 1, 0, 0, 0}}, 38, []float64{37.5, 0}},
		{"tasks of a step not started do not count", []stepCase{{"a_venir", 1, 3, 3, 0}, {"a_venir", 1, 0, 0, 0}}, 0, []float64{0, 0}},
		{"all tasks finished, last step not delivered: 99 %", []stepCase{{"livree", 1, 0, 0, 0}, {"en_cours", 1, 5, 5, 1}}, 99, []float64{50, 50}},
		{"every step delivered: 100 %", []stepCase{{"livree", 1, 2, 1, 0}, {"validee", 2, 0, 0, 0}}, 100, []float64{33.3, 66.7}},
		{"a delivered step counts whole whatever its tasks", []stepCase{{"livree", 1, 4, 0, 0}, {"a_venir", 1, 0, 0, 0}}, 50, []float64{50, 0}},
		{"a third of the tasks", []stepCase{{"en_cours", 1, 3, 1, 0}}, 33, []float64{33.3}},
	}
	ctx := context.Background()
	now := time.Now().UTC()
	for _, c := range cases {
		pid, err := h.db.InsertProject(ctx, store.Project{ClientID: h.cast.ClientA.ID, Name: c.name, Status: "en_cours"}, now)
		if err != nil {
			t.Fatal(err)
		}
		for i, sc := range c.steps {
			mid, err := h.db.InsertMilestone(ctx, store.Milestone{ProjectID: pid, Title: fmt.Sprintf("Étape %d", i+1), Weight: sc.weight, State: sc.state}, now)
			if err != nil {
				t.Fatal(err)
			}
			var ts []store.Task
			for k := 0; k < sc.tasks; k++ {
				tk := store.Task{ProjectID: pid, MilestoneID: mid, Title: fmt.Sprintf("T%d", k), Status: "en_cours", Visible: true}
				if k < sc.fin {
					tk.Status = "terminee"
					tk.Visible = k >= sc.internalFin
				}
				ts = append(ts, tk)
			}
			if _, err := h.db.InsertTasks(ctx, ts, now); err != nil {
				t.Fatal(err)
			}
		}
		if err := h.db.RecomputeProjectCounters(ctx, pid, now); err != nil {
			t.Fatal(err)
		}
		var p projectDetailView
		adm.do("GET", fmt.Sprintf("/api/v1/projects/%d", pid), nil).json(t, &p)
		if p.Progress.Percent != c.want {
			t.Errorf("%s: %d %%, want %d %%", c.name, p.Progress.Percent, c.want)
		}
		for i, want := range c.points {
			if p.Shares[i].Points != want || p.Shares[i].Weight != c.steps[i].weight || p.Shares[i].MilestoneID != p.Milestones[i].ID {
				t.Errorf("%s: step %d explained as %+v, want %v points", c.name, i+1, p.Shares[i], want)
			}
		}
		// The list, one read of the project rows, shows the same figure.
		var page pageView[projectView]
		adm.do("GET", "/api/v1/projects?per_page=100&q="+strings.ReplaceAll(c.name[:12], " ", "+"), nil).json(t, &page)
		found := false
		for _, it := range page.Items {
			if it.ID == pid {
				found = true
				if it.Progress.Percent != c.want {
					t.Errorf("%s: the list says %d %%", c.name, it.Progress.Percent)
				}
			}
		}
		if !found {
			t.Errorf("%s: not in the list", c.name)
		}
	}
	// Rebuilding every counter at once (the demo's bulk load) gives the same figures.
	for _, q := range []string{"UPDATE projects SET progress_milli = 0", "UPDATE milestones SET tasks_total = 0, tasks_done = 0"} {
		if _, err := h.db.SQL().Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if err := h.db.RecomputeAllProjectCounters(ctx); err != nil {
		t.Fatal(err)
	}
	var page pageView[projectView]
	adm.do("GET", "/api/v1/projects?per_page=100&sort=progress", nil).json(t, &page)
	got := map[string]int{}
	for _, it := range page.Items {
		got[it.Name] = it.Progress.Percent
	}
	for _, c := range cases {
		if got[c.name] != c.want {
			t.Errorf("after the bulk recount, %s: %d %%, want %d %%", c.name, got[c.name], c.want)
		}
	}
	for i := 1; i < len(page.Items); i++ {
		if page.Items[i-1].Progress.Percent > page.Items[i].Progress.Percent {
			t.Errorf("sort=progress is out of order at %d: %d then %d", i, page.Items[i-1].Progress.Percent, page.Items[i].Progress.Percent)
		}
	}
}

// Staff paste a step's tasks, move two to « terminée »: the step's counts, the progress, the
// history and the client's view follow; internal tasks stay with the staff.
func TestTasksLifecycleHistoryAndClientView(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	a1 := h.login(h.cast.A1.Email)
	step := h.cast.StepA2.ID
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", step), map[string]string{"state": "en_cours"})

	// One bad line refuses the whole paste, and nothing is added.
	before := portaltest.TableChecksums(t, h.db, "tasks", "milestones", "projects", "audit_log")
	r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks/paste", step), map[string]any{"text": "Une\nDeux\n" + strings.Repeat("x", 201)})
	if e := decodeError(t, r.body); r.status != 422 || e.Field != "text" || !strings.HasPrefix(e.Message, "Ligne 3") {
		t.Fatalf("bad paste = %d %s", r.status, r.body)
	}
	if after := portaltest.TableChecksums(t, h.db, "tasks", "milestones", "projects", "audit_log"); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("a refused paste changed the database")
	}
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks/paste", step), map[string]any{
		"text": "- Maquette de l'accueil\n- Intégration\n\n- Recette\n- Mise en ligne\n", "assignee_id": h.cast.Admin.ID, "due_date": "2027-01-15"})
	var pasted taskItems
	r.json(t, &pasted)
	if r.status != 201 || len(pasted.Items) != 4 || pasted.Items[0].Title != "Maquette de l'accueil" || pasted.Items[3].Position != 4 ||
		pasted.Items[2].AssigneeName != "Awa Admin" || *pasted.Items[1].DueDate != "2027-01-15" || pasted.Items[0].Visibility != "client" {
		t.Fatalf("paste = %d %s", r.status, r.body)
	}
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks", step), map[string]any{"title": "Revue de sécurité", "visibility": "interne"})
	var internal taskView
	r.json(t, &internal)
	if r.status != 201 || internal.Visibility != "interne" || internal.Status != "a_faire" {
		t.Fatalf("internal task = %d %s", r.status, r.body)
	}
	var p projectDetailView
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &p)
	if p.Milestones[1].TasksTotal != 4 || p.Milestones[1].TasksDone != 0 || p.Progress.Percent != 0 {
		t.Fatalf("client's view before: %+v %+v", p.Milestones[1], p.Progress)
	}

	for _, tk := range pasted.Items[:2] {
		r = adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", tk.ID), map[string]string{"status": "terminee"})
		var done taskView
		r.json(t, &done)
		if r.status != 200 || done.Status != "terminee" || done.DoneAt == nil {
			t.Fatalf("finish = %d %s", r.status, r.body)
		}
	}
	adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", internal.ID), map[string]string{"status": "terminee"})
	// Steps A1 (à venir, 2 fixture tasks) and A2 (en cours: 3 of 5 tasks finished) of equal
	// weight: 0 + 1 × 3/5 of 2 → 30 %.
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &p)
	if p.Progress.Percent != 30 || p.Milestones[1].TasksDone != 2 || p.Milestones[1].TasksTotal != 4 || p.Shares[1].Counted != 60 || p.Shares[1].Points != 30 {
		t.Fatalf("client's view after: %+v %+v %+v", p.Progress, p.Milestones[1], p.Shares)
	}
	kinds := 0
	for _, e := range p.History {
		if e.Kind == "task_done" {
			kinds++
			if e.Title == "Revue de sécurité" {
				t.Errorf("the client's history shows an internal task: %+v", e)
			}
		}
	}
	if kinds != 2 {
		t.Fatalf("client's history: %+v", p.History)
	}
	var ap projectDetailView
	adm.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &ap)
	if ap.Milestones[1].TasksDone != 3 || ap.Milestones[1].TasksTotal != 5 || len(ap.History) != len(p.History)+1 || ap.History[0].Title != "Revue de sécurité" {
		t.Fatalf("staff view: %+v %+v", ap.Milestones[1], ap.History)
	}
	// Finishing an already finished task writes no second line.
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", pasted.Items[0].ID), map[string]any{"title": "Maquette de l'accueil", "status": "terminee"})
	adm.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &ap)
	if len(ap.History) != 3 {
		t.Fatalf("history after an edit: %+v", ap.History)
	}
	// Making a finished task internal takes its line out of the client's history.
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", pasted.Items[1].ID), map[string]any{"title": "Intégration", "status": "terminee", "visibility": "interne"})
	a1.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil).json(t, &p)
	if len(p.History) != 1 || p.Milestones[1].TasksTotal != 3 || p.Milestones[1].TasksDone != 1 {
		t.Fatalf("after making a task internal: %+v %+v", p.History, p.Milestones[1])
	}
	h.oneAudit("task.create", internal.ID, "success")
	if n := len(h.audits("task.update", pasted.Items[0].ID)); n != 2 {
		t.Errorf("task.update rows = %d", n)
	}

	// Reorder, move within the project, refuse another project's step.
	ids := []int64{pasted.Items[3].ID, pasted.Items[2].ID, pasted.Items[1].ID, pasted.Items[0].ID, internal.ID}
	r = adm.do("PUT", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks/order", step), map[string]any{"ids": ids})
	var ordered taskItems
	r.json(t, &ordered)
	if r.status != 200 || ordered.Items[0].ID != ids[0] || ordered.Items[4].ID != internal.ID || ordered.Items[4].Position != 5 {
		t.Fatalf("reorder = %d %s", r.status, r.body)
	}
	if r := adm.do("PUT", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks/order", step), map[string]any{"ids": ids[:3]}); r.status != 422 {
		t.Fatalf("partial order = %d", r.status)
	}
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/move", pasted.Items[3].ID), map[string]any{"milestone_id": h.cast.StepA1.ID, "position": 1})
	var moved taskView
	r.json(t, &moved)
	if r.status != 200 || moved.MilestoneID != h.cast.StepA1.ID || moved.Position != 1 {
		t.Fatalf("move = %d %s", r.status, r.body)
	}
	var list pageView[taskView]
	adm.do("GET", fmt.Sprintf("/api/v1/projects/%d/tasks?milestone_id=%d", h.cast.ProjectA.ID, h.cast.StepA1.ID), nil).json(t, &list)
	if list.Total != 3 || list.Items[0].ID != moved.ID || list.Items[1].Position != 2 || list.Items[2].Position != 3 {
		t.Fatalf("step A1 after the move: %+v", list.Items)
	}
	adm.do("GET", fmt.Sprintf("/api/v1/projects/%d/tasks?milestone_id=%d", h.cast.ProjectA.ID, step), nil).json(t, &list)
	if list.Total != 4 || list.Items[0].Position != 1 || list.Items[3].Position != 4 {
		t.Fatalf("the gap in step A2 is not closed: %+v", list.Items)
	}
	before = portaltest.TableChecksums(t, h.db, "tasks", "milestones", "projects")
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/move", moved.ID), map[string]any{"milestone_id": h.cast.StepB1.ID})
	if e := decodeError(t, r.body); r.status != 422 || e.Code != "task_other_project" || e.Field != "milestone_id" || !strings.Contains(e.Message, "autre projet") {
		t.Fatalf("move to another project's step = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/move", moved.ID), map[string]any{"milestone_id": 999999}); r.status != 422 {
		t.Fatalf("move to a missing step = %d", r.status)
	}
	if after := portaltest.TableChecksums(t, h.db, "tasks", "milestones", "projects"); fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatal("a refused move changed the database")
	}

	// Bad input is explained on its field.
	for _, c := range []struct {
		body  map[string]any
		field string
	}{
		{map[string]any{"title": "  "}, "title"},
		{map[string]any{"title": "X", "status": "finie"}, "status"},
		{map[string]any{"title": "X", "visibility": "publique"}, "visibility"},
		{map[string]any{"title": "X", "due_date": "15/01/2027"}, "due_date"},
		{map[string]any{"title": "X", "assignee_id": h.cast.A1.ID}, "assignee_id"},
		{map[string]any{"title": "deux\nlignes"}, "title"},
	} {
		r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks", step), c.body)
		if e := decodeError(t, r.body); r.status != 422 || e.Field != c.field {
			t.Errorf("%v = %d %s, want 422 on %s", c.body, r.status, r.body, c.field)
		}
	}
	if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", moved.ID), map[string]string{"status": "livree"}); r.status != 422 {
		t.Errorf("unknown status = %d", r.status)
	}

	// Deleting a step takes its tasks; the delete of a task closes the gap.
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/tasks/%d", list.Items[0].ID), nil); r.status != 204 {
		t.Fatalf("delete task = %d", r.status)
	}
	adm.do("GET", fmt.Sprintf("/api/v1/projects/%d/tasks?milestone_id=%d", h.cast.ProjectA.ID, step), nil).json(t, &list)
	if list.Total != 3 || list.Items[0].Position != 1 {
		t.Fatalf("after deleting: %+v", list.Items)
	}
	r = adm.do("DELETE", fmt.Sprintf("/api/v1/admin/milestones/%d", step), nil)
	adm.do("GET", fmt.Sprintf("/api/v1/projects/%d/tasks", h.cast.ProjectA.ID), nil).json(t, &list)
	if r.status != 200 || list.Total != 3 {
		t.Fatalf("after deleting the step: %d, %d tasks left", r.status, list.Total)
	}
}

// For every user and task: the task page answers 200 if and only if the task is in that user's
// list of its project, and the counts a client sees leave internal tasks out.
func TestTaskPageIffInListAndInternalTasksStayInternal(t *testing.T) {
	h := newHarness(t)
	tasks := []int64{h.cast.TaskA.ID, h.cast.TaskAInternal.ID, h.cast.TaskB.ID}
	for _, email := range []string{h.cast.A1.Email, h.cast.A2.Email, h.cast.B1.Email, h.cast.Admin.Email} {
		b := h.login(email)
		listed := map[int64]bool{}
		for _, pid := range []int64{h.cast.ProjectA.ID, h.cast.ProjectB.ID} {
			r := b.do("GET", fmt.Sprintf("/api/v1/projects/%d/tasks?per_page=100", pid), nil)
			if r.status == 404 {
				continue
			}
			var page pageView[taskView]
			r.json(t, &page)
			if page.Total != len(page.Items) {
				t.Errorf("%s: total %d for %d items", email, page.Total, len(page.Items))
			}
			for _, tk := range page.Items {
				listed[tk.ID] = true
			}
		}
		for _, id := range tasks {
			r := b.do("GET", fmt.Sprintf("/api/v1/tasks/%d", id), nil)
			if (r.status == 200) != listed[id] || (r.status != 200 && r.status != 404) {
				t.Errorf("%s: task %d listed=%v but page=%d", email, id, listed[id], r.status)
			}
			if r.status == 404 && strings.Contains(r.body, "interne") {
				t.Errorf("%s: the refusal says something of the task: %s", email, r.body)
			}
		}
		if email == h.cast.Admin.Email && len(listed) != 3 || email != h.cast.Admin.Email && listed[h.cast.TaskAInternal.ID] {
			t.Errorf("%s lists %v", email, listed)
		}
		var p projectDetailView
		if r := b.do("GET", fmt.Sprintf("/api/v1/projects/%d", h.cast.ProjectA.ID), nil); r.status == 200 {
			r.json(t, &p)
			want := 1
			if email == h.cast.Admin.Email {
				want = 2
			}
			if p.Milestones[0].TasksTotal != want {
				t.Errorf("%s counts %d tasks in step A1, want %d", email, p.Milestones[0].TasksTotal, want)
			}
		}
	}
	// A client's filter cannot widen its list to internal tasks.
	a1 := h.login(h.cast.A1.Email)
	r := a1.do("GET", fmt.Sprintf("/api/v1/projects/%d/tasks?milestone_id=%d&status=a_faire", h.cast.ProjectA.ID, h.cast.StepA1.ID), nil)
	if strings.Contains(r.body, "Revue de code interne") {
		t.Fatalf("the client's filtered list shows an internal task: %s", r.body)
	}
	if n := len(h.audits("access.denied", h.cast.TaskAInternal.ID)); n == 0 {
		t.Error("a client reaching an internal task is not audited")
	}
}

// Changes to internal tasks reach the staff's browsers only; visible ones reach the client's.
// The client's subscription is taken on the hub itself: what is under test is who the portal
// addresses its events to (the stream that carries them is TestLiveEventsReachOnlyTheProjectsPeople's).
func TestTaskLiveEventsFollowVisibility(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	sub := h.hub.Subscribe(h.cast.A1.ID)
	t.Cleanup(func() { h.hub.Unsubscribe(sub) })
	// heard drains what the client was sent by the requests just made (the portal publishes
	// before it answers them).
	heard := func() []string {
		var got []string
		for {
			select {
			case e := <-sub.C:
				got = append(got, e.Type)
			default:
				return got
			}
		}
	}
	adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", h.cast.TaskAInternal.ID), map[string]string{"status": "en_cours"})
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks", h.cast.StepA1.ID), map[string]any{"title": "Secrète", "visibility": "interne"})
	if ev := heard(); containsStr(ev, "project") {
		t.Fatalf("the client's browser heard of internal work: %v", ev)
	}
	adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", h.cast.TaskA.ID), map[string]string{"status": "en_cours"})
	if ev := heard(); !containsStr(ev, "project") {
		t.Fatalf("the client's browser missed a visible change: %v", ev)
	}
	// Finishing an internal task of a step in progress moves the progress the client sees: its
	// page is told to refresh (the event names the project only).
	adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/state", h.cast.StepA1.ID), map[string]string{"state": "en_cours"})
	heard()
	adm.do("POST", fmt.Sprintf("/api/v1/admin/tasks/%d/status", h.cast.TaskAInternal.ID), map[string]string{"status": "terminee"})
	if ev := heard(); !containsStr(ev, "project") {
		t.Fatalf("the client's progress moved but its browser was not told: %v", ev)
	}
}

// Overdue tasks join the daily alerts: staff only, once per task and day.
func TestOverdueTasksAlertStaffOncePerDay(t *testing.T) {
	h := newHarness(t)
	adm := h.login(h.cast.Admin.Email)
	past := time.Now().UTC().AddDate(0, 0, -3).Format("2006-01-02")
	for _, id := range []int64{h.cast.TaskAInternal.ID, h.cast.TaskB.ID} {
		if r := adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", id), map[string]any{"title": "En retard", "due_date": past, "visibility": "interne"}); r.status != 200 {
			t.Fatalf("due date = %d %s", r.status, r.body)
		}
	}
	// A finished task is not late.
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskA.ID), map[string]any{"title": "Finie", "due_date": past, "status": "terminee"})
	ctx := context.Background()
	for i := 0; i < 3; i++ {
		if err := h.svc.RunJob(ctx, "overdue-alerts", h.svc.AlertOverdue); err != nil {
			t.Fatal(err)
		}
	}
	var bell struct {
		Unread int `json:"unread"`
		Items  []struct{ Kind, Title string }
	}
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if bell.Unread != 2 || bell.Items[0].Kind != "overdue" || !strings.HasPrefix(bell.Items[0].Title, "Tâche en retard : En retard") {
		t.Fatalf("admin's bell = %+v", bell)
	}
	for _, email := range []string{h.cast.A1.Email, h.cast.B1.Email} {
		h.login(email).do("GET", "/api/v1/notifications", nil).json(t, &bell)
		if bell.Unread != 0 {
			t.Fatalf("%s was alerted of a task: %+v", email, bell)
		}
	}
	h.advance(24 * time.Hour)
	if err := h.svc.RunJob(ctx, "overdue-alerts", h.svc.AlertOverdue); err != nil {
		t.Fatal(err)
	}
	adm = h.login(h.cast.Admin.Email) // the session of yesterday has expired
	adm.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	runs := adm.do("GET", "/api/v1/admin/jobs?job=overdue-alerts&limit=1", nil)
	if bell.Unread != 4 || !strings.Contains(runs.body, "2 overdue tasks, 2 alerted today") {
		t.Fatalf("the next day: %d unread, %s", bell.Unread, runs.body)
	}
}

// A task may answer a retour of its project: staff link it, the task and the retour's page show
// the link, and a client's retour page lists the visible tasks only. A retour tied to a task
// that became internal does not name it to the client.
func TestTaskAnswersARetour(t *testing.T) {
	h := newHarness(t)
	adm, a1 := h.login(h.cast.Admin.Email), h.login(h.cast.A1.Email)
	retourA := h.cast.RetourA.ID

	// Another project's retour, or none that exists, is refused and nothing is written.
	for _, id := range []int64{h.cast.RetourB.ID, 999999} {
		before := portaltest.TableChecksums(t, h.db, "tasks", "audit_log")
		r := adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskA.ID), map[string]any{"title": "Corriger le menu", "retour_id": id})
		if e := decodeError(t, r.body); r.status != 422 || e.Code != "task_retour_not_in_project" || e.Field != "retour_id" ||
			!strings.Contains(e.Message, "même projet") {
			t.Errorf("linking to retour %d = %d %s", id, r.status, r.body)
		}
		if r := adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks", h.cast.StepA1.ID), map[string]any{"title": "Autre", "retour_id": id}); r.status != 422 {
			t.Errorf("adding a task linked to retour %d = %d %s", id, r.status, r.body)
		}
		if after := portaltest.TableChecksums(t, h.db, "tasks", "audit_log"); !maps.Equal(before, after) {
			t.Errorf("a refused link to retour %d changed the database", id)
		}
	}

	// The visible task and an internal one answer A's retour.
	var visible, internal taskView
	r := adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskA.ID), map[string]any{"title": "Corriger le menu", "retour_id": retourA})
	if r.json(t, &visible); r.status != 200 || visible.RetourID == nil || *visible.RetourID != retourA || visible.RetourTitle != h.cast.RetourA.Title {
		t.Fatalf("linking the task = %d %s", r.status, r.body)
	}
	r = adm.do("POST", fmt.Sprintf("/api/v1/admin/milestones/%d/tasks", h.cast.StepA1.ID),
		map[string]any{"title": "Analyse interne du menu", "visibility": "interne", "retour_id": retourA})
	if r.json(t, &internal); r.status != 201 || internal.RetourID == nil {
		t.Fatalf("adding an internal task for the retour = %d %s", r.status, r.body)
	}
	var seen taskView
	a1.do("GET", fmt.Sprintf("/api/v1/tasks/%d", h.cast.TaskA.ID), nil).json(t, &seen)
	if seen.RetourID == nil || *seen.RetourID != retourA || seen.RetourTitle != h.cast.RetourA.Title {
		t.Errorf("the client's task does not name its retour: %+v", seen)
	}
	tasksOf := func(b *browser) []int64 {
		var d retourDetailView
		if r := b.do("GET", fmt.Sprintf("/api/v1/retours/%d", retourA), nil); r.status != 200 {
			t.Fatalf("retour page = %d %s", r.status, r.body)
		} else {
			r.json(t, &d)
		}
		var ids []int64
		for _, tk := range d.Tasks {
			ids = append(ids, tk.ID)
		}
		return ids
	}
	if got := tasksOf(adm); len(got) != 2 {
		t.Errorf("the staff's retour page lists tasks %v, want both", got)
	}
	if got := tasksOf(a1); len(got) != 1 || got[0] != h.cast.TaskA.ID {
		t.Errorf("the client's retour page lists tasks %v, want the visible one only", got)
	}

	// Unlinking: retour_id 0.
	if r := adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", internal.ID), map[string]any{"title": internal.Title, "visibility": "interne"}); r.status != 200 ||
		!strings.Contains(r.body, `"retour_id":null`) {
		t.Errorf("unlinking = %d %s", r.status, r.body)
	}

	// Staff open a retour about the visible task, which then becomes internal: the client's
	// retour page and list stop naming it; the staff's still do.
	d := adm.retour(fmt.Sprintf("/api/v1/projects/%d/retours", h.cast.ProjectA.ID), map[string]any{"kind": "question", "priority": "mineur",
		"title": "Question sur le menu", "task_id": h.cast.TaskA.ID}, 201)
	if d.TaskID == nil || d.TaskTitle != "Corriger le menu" {
		t.Fatalf("retour about a task: %+v", d.retourView)
	}
	adm.do("PATCH", fmt.Sprintf("/api/v1/admin/tasks/%d", h.cast.TaskA.ID), map[string]any{"title": "Corriger le menu", "visibility": "interne"})
	for who, b := range map[string]*browser{"client": a1, "staff": adm} {
		page := b.do("GET", fmt.Sprintf("/api/v1/retours/%d", d.ID), nil)
		list := b.do("GET", fmt.Sprintf("/api/v1/projects/%d/retours", h.cast.ProjectA.ID), nil)
		for what, res := range map[string]response{"page": page, "list": list} {
			if names := strings.Contains(res.body, "Corriger le menu"); names != (who == "staff") {
				t.Errorf("%s's retour %s names the internal task: %v (%d %.300s)", who, what, names, res.status, res.body)
			}
		}
	}
}
