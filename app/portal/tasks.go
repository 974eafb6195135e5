package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Task statuses (§1 of the tasks issue): à faire → en cours → en revue → terminée, in any order:
// staff move their work freely.
const (
	TaskTodo   = "a_faire"
	TaskDoing  = "en_cours"
	TaskReview = "en_revue"
	TaskDone   = "terminee"
)

var taskLabels = map[string]string{TaskTodo: "à faire", TaskDoing: "en cours", TaskReview: "en revue", TaskDone: "terminée"}

// Task visibilities: visible to the client, or internal (staff only).
const (
	VisibleToClient = "client"
	Internal        = "interne"
)

// Task is a task as the domain hands it out.
type Task = store.Task

// maxPastedTasks bounds one paste: a step's plan, not a whole backlog.
const maxPastedTasks = 200

// TaskInput is what staff set on a task. Visibility "client" (the default) or "interne".
type TaskInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Status      string `json:"status"`
	AssigneeID  int64  `json:"assignee_id"`
	DueDate     string `json:"due_date"`
	Visibility  string `json:"visibility"`
	// RetourID links the task to the retour it answers (0: none), a retour of its project.
	RetourID int64 `json:"retour_id"`
}

// PastedTasksInput adds one task per non-empty line of Text, all with the same visibility,
// assignee and due date.
type PastedTasksInput struct {
	Text       string `json:"text"`
	AssigneeID int64  `json:"assignee_id"`
	DueDate    string `json:"due_date"`
	Visibility string `json:"visibility"`
}

// MoveTaskInput moves a task to a step of its project, at a 1-based position (0: at the end).
type MoveTaskInput struct {
	MilestoneID int64 `json:"milestone_id"`
	Position    int   `json:"position"`
}

func parseVisibility(v string) (bool, error) {
	switch v {
	case "", VisibleToClient:
		return true, nil
	case Internal:
		return false, nil
	}
	return false, Invalid("visibility", errcode.TaskVisibilityUnknown, nil)
}

// staffMember checks that id is an active member of the staff (a project's manager, a task's
// assignee); 0 is nobody.
func (s *Service) staffMember(ctx context.Context, field string, code errcode.Code, id int64) error {
	if id == 0 {
		return nil
	}
	u, err := s.db.UserByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Role != string(RoleAdmin) || u.DisabledAt != nil)) {
		return Invalid(field, code, nil)
	}
	return err
}

// validateTask reads the input of a task of projectID: a retour it answers must be of that project.
func (s *Service) validateTask(ctx context.Context, in TaskInput, projectID int64) (store.Task, error) {
	var t store.Task
	var err error
	if t.Title, err = singleLine("title", errcode.LabelTaskTitle, in.Title, true, 200); err != nil {
		return t, err
	}
	if t.Description, err = text("description", errcode.LabelDescription, in.Description, false, 5000); err != nil {
		return t, err
	}
	t.Status = in.Status
	if t.Status == "" {
		t.Status = TaskTodo
	}
	if taskLabels[t.Status] == "" {
		return t, Invalid("status", errcode.TaskStatusUnknown, nil)
	}
	if t.DueDate, err = parseDay("due_date", errcode.LabelDueDate, in.DueDate); err != nil {
		return t, err
	}
	if t.Visible, err = parseVisibility(in.Visibility); err != nil {
		return t, err
	}
	if err := s.staffMember(ctx, "assignee_id", errcode.TaskAssigneeNotStaff, in.AssigneeID); err != nil {
		return t, err
	}
	t.AssigneeID = in.AssigneeID
	t.RetourID = in.RetourID
	return t, s.checkTaskRetour(ctx, projectID, t.RetourID)
}

// checkTaskRetour checks that the retour a task answers is of the task's project.
func (s *Service) checkTaskRetour(ctx context.Context, projectID, retourID int64) error {
	if retourID == 0 {
		return nil
	}
	r, err := s.db.RetourByID(ctx, retourID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && r.ProjectID != projectID) {
		return Invalid("retour_id", errcode.TaskRetourNotInProject, nil)
	}
	return err
}

// pastedTitles reads one title per line; list markers (« - », « * », « • », « 1. », « [ ] »)
// are dropped, as lists pasted from documents and tickets carry them. A bad line is named
// by its number, and then nothing is added.
func pastedTitles(text string) ([]string, error) {
	var out []string
	for i, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		// Format characters could make a title display as another (see dropFormatChars).
		line = strings.TrimSpace(dropFormatChars(line))
		line = strings.TrimSpace(strings.TrimLeft(line, "-*•·–"))
		if rest, ok := strings.CutPrefix(line, "[ ]"); ok {
			line = strings.TrimSpace(rest)
		} else if rest, ok := strings.CutPrefix(line, "[x]"); ok {
			line = strings.TrimSpace(rest)
		}
		if n := strings.IndexAny(line, ".)"); n > 0 && n <= 3 && strings.Trim(line[:n], "0123456789") == "" && strings.HasPrefix(line[n+1:], " ") {
			line = strings.TrimSpace(line[n+1:])
		}
		if line == "" {
			continue
		}
		switch {
		case utf8.RuneCountInString(line) > 200:
			return nil, Invalid("text", errcode.PasteLineTooLong, errcode.Params{"line": i + 1, "max": 200})
		case strings.ContainsRune(line, 0):
			return nil, Invalid("text", errcode.PasteLineInvalid, errcode.Params{"line": i + 1})
		}
		out = append(out, line)
	}
	if len(out) == 0 {
		return nil, Invalid("text", errcode.PasteEmpty, nil)
	}
	if len(out) > maxPastedTasks {
		return nil, Invalid("text", errcode.PasteTooMany, errcode.Params{"pasted": len(out), "max": maxPastedTasks})
	}
	return out, nil
}

// loadTask reads a task the actor may see: another client's task, and an internal task for a
// client user, are missing ones (and the attempt is audited).
func (s *Service) loadTask(ctx context.Context, a Actor, id int64) (store.Task, error) {
	t, err := authorizedRow(ctx, s, a, ActViewProjects, s.db.TaskByID, id)
	if err != nil {
		return t, err
	}
	if _, err := s.loadProject(ctx, a, t.ProjectID); err != nil {
		return store.Task{}, err
	}
	if !a.IsAdmin() && !t.Visible {
		s.auditDenied(ctx, a, "view internal task", "task", t.ID, a.ClientID)
		return store.Task{}, ErrNotFound
	}
	return t, nil
}

// TaskQuery filters a project's task list.
type TaskQuery struct {
	MilestoneID int64
	Status      string
	Page        Page
}

// TaskList is one page of a project's tasks.
type TaskList = List[store.Task]

// ListTasks lists a project's tasks in the steps' order: all of them for staff, the visible
// ones for the client's users (filtered in SQL, counts included).
func (s *Service) ListTasks(ctx context.Context, a Actor, projectID int64, q TaskQuery) (TaskList, error) {
	if _, err := s.loadProject(ctx, a, projectID); err != nil {
		return TaskList{}, err
	}
	if q.Status != "" && taskLabels[q.Status] == "" {
		return TaskList{}, Invalid("status", errcode.TaskStatusUnknown, nil)
	}
	limit, offset := q.Page.bounds()
	items, total, err := s.db.ListTasks(ctx, store.TaskFilter{ProjectID: projectID, MilestoneID: q.MilestoneID, Status: q.Status,
		VisibleOnly: !a.IsAdmin(), Limit: limit, Offset: offset})
	return TaskList{Items: items, Total: total}, err
}

// GetTask returns one task the actor may see.
func (s *Service) GetTask(ctx context.Context, a Actor, id int64) (store.Task, error) {
	return s.loadTask(ctx, a, id)
}

// staffStep reads, for a staff change, the step tasks are added to or ordered in.
func (s *Service) staffStep(ctx context.Context, a Actor, milestoneID int64) (store.Milestone, error) {
	return authorizedRow(ctx, s, a, ActManageProjects, s.db.MilestoneByID, milestoneID)
}

// staffTask reads a task for a staff change.
func (s *Service) staffTask(ctx context.Context, a Actor, id int64) (store.Task, error) {
	return authorizedRow(ctx, s, a, ActManageProjects, s.db.TaskByID, id)
}

// taskDone records a completion in the project's history (internal for an internal task).
func (s *Service) taskDone(ctx context.Context, a Actor, t store.Task) error {
	me, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	return s.db.InsertMilestoneEvent(ctx, store.MilestoneEvent{ProjectID: t.ProjectID, MilestoneID: t.MilestoneID, Kind: "task_done",
		At: s.now(), ByUserID: a.UserID, ByName: me.Name, Title: t.Title, TaskID: t.ID, Internal: !t.Visible})
}

// changeTasks runs a change of a project's tasks like changeMilestones, and reports whether the
// project's progress moved: an internal task counts in it, and the client sees the figure.
func (s *Service) changeTasks(ctx context.Context, a Actor, projectID int64, fn func(ctx context.Context, p store.Project) error) (bool, error) {
	before := 0
	after, err := s.changeMilestones(ctx, a, projectID, func(ctx context.Context, p store.Project) error {
		before = p.ProgressMilli
		return fn(ctx, p)
	})
	if err != nil {
		return false, err
	}
	return after.ProgressMilli != before, nil
}

// announceTasks tells the browsers showing the project that its tasks changed: only the staff's
// when nothing the client sees changed (neither a visible task nor the progress), so that
// internal work leaves no other trace for them.
func (s *Service) announceTasks(ctx context.Context, projectID int64, clientSees bool) {
	var viewers []int64
	if clientSees {
		viewers = s.projectViewers(ctx, projectID)
	} else {
		var err error
		if viewers, err = s.db.ActiveAdmins(ctx); err != nil {
			s.log.Warn("listing the staff", "err", err)
		}
	}
	s.announce(ctx, nil, viewers, "project", map[string]int64{"project_id": projectID})
}

// AddTask adds a task at the end of a step.
func (s *Service) AddTask(ctx context.Context, a Actor, milestoneID int64, in TaskInput) (store.Task, error) {
	m, err := s.staffStep(ctx, a, milestoneID)
	if err != nil {
		return store.Task{}, err
	}
	t, err := s.validateTask(ctx, in, m.ProjectID)
	if err != nil {
		return t, err
	}
	moved, err := s.changeTasks(ctx, a, m.ProjectID, func(ctx context.Context, p store.Project) error {
		t.ProjectID, t.MilestoneID = p.ID, m.ID
		if t.Status == TaskDone {
			now := s.now()
			t.DoneAt = &now
		}
		ids, err := s.db.InsertTasks(ctx, []store.Task{t}, s.now())
		if err != nil {
			return err
		}
		t.ID = ids[0]
		if t.Status == TaskDone {
			if err := s.taskDone(ctx, a, t); err != nil {
				return err
			}
		}
		return s.db.InsertAudit(ctx, a.audit(s, "task.create", "task", t.ID, p.ClientID, "success",
			fmt.Sprintf("task « %s » (%s) added to step « %s » of « %s »", t.Title, visibilityWord(t.Visible), m.Title, p.Name)))
	})
	if err != nil {
		return store.Task{}, err
	}
	s.announceTasks(ctx, m.ProjectID, t.Visible || moved)
	return s.db.TaskByID(ctx, t.ID)
}

func visibilityWord(visible bool) string {
	if visible {
		return "visible to the client"
	}
	return "internal"
}

// AddPastedTasks adds one task per line of a pasted list at the end of a step, all or none.
func (s *Service) AddPastedTasks(ctx context.Context, a Actor, milestoneID int64, in PastedTasksInput) ([]store.Task, error) {
	m, err := s.staffStep(ctx, a, milestoneID)
	if err != nil {
		return nil, err
	}
	titles, err := pastedTitles(in.Text)
	if err != nil {
		return nil, err
	}
	proto, err := s.validateTask(ctx, TaskInput{Title: titles[0], AssigneeID: in.AssigneeID, DueDate: in.DueDate, Visibility: in.Visibility}, m.ProjectID)
	if err != nil {
		return nil, err
	}
	var ids []int64
	moved, err := s.changeTasks(ctx, a, m.ProjectID, func(ctx context.Context, p store.Project) error {
		ts := make([]store.Task, len(titles))
		for i, title := range titles {
			ts[i] = proto
			ts[i].Title, ts[i].ProjectID, ts[i].MilestoneID = title, p.ID, m.ID
		}
		if ids, err = s.db.InsertTasks(ctx, ts, s.now()); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "task.create", "milestone", m.ID, p.ClientID, "success",
			fmt.Sprintf("%d tasks (%s) pasted into step « %s » of « %s »", len(ts), visibilityWord(proto.Visible), m.Title, p.Name)))
	})
	if err != nil {
		return nil, err
	}
	s.announceTasks(ctx, m.ProjectID, proto.Visible || moved)
	out := make([]store.Task, 0, len(ids))
	for _, id := range ids {
		t, err := s.db.TaskByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// UpdateTask edits a task: title, description, status, assignee, due date, visibility.
func (s *Service) UpdateTask(ctx context.Context, a Actor, id int64, in TaskInput) (store.Task, error) {
	cur, err := s.staffTask(ctx, a, id)
	if err != nil {
		return cur, err
	}
	next, err := s.validateTask(ctx, in, cur.ProjectID)
	if err != nil {
		return next, err
	}
	return s.changeTask(ctx, a, cur, func(store.Task) store.Task { return next })
}

// SetTaskStatus moves a task to status, keeping the rest.
func (s *Service) SetTaskStatus(ctx context.Context, a Actor, id int64, status string) (store.Task, error) {
	cur, err := s.staffTask(ctx, a, id)
	if err != nil {
		return cur, err
	}
	if taskLabels[status] == "" {
		return cur, Invalid("status", errcode.TaskStatusUnknown, nil)
	}
	return s.changeTask(ctx, a, cur, func(before store.Task) store.Task {
		before.Status = status
		return before
	})
}

// changeTask saves the task change makes of the task as it is under the project's lock.
func (s *Service) changeTask(ctx context.Context, a Actor, cur store.Task, change func(store.Task) store.Task) (store.Task, error) {
	var before, next store.Task
	moved, err := s.changeTasks(ctx, a, cur.ProjectID, func(ctx context.Context, p store.Project) error {
		var err error
		if before, err = s.db.TaskByID(ctx, cur.ID); err != nil {
			return err
		}
		next = change(before)
		next.ID, next.ProjectID, next.MilestoneID = before.ID, before.ProjectID, before.MilestoneID
		if err := s.db.UpdateTask(ctx, next, s.now()); err != nil {
			return err
		}
		if before.Visible != next.Visible {
			if err := s.db.SetTaskEventsInternal(ctx, before.ID, !next.Visible); err != nil {
				return err
			}
		}
		if next.Status == TaskDone && before.Status != TaskDone {
			if err := s.taskDone(ctx, a, next); err != nil {
				return err
			}
		}
		summary := "changed: " + changedFields(map[string][2]string{
			"title": {before.Title, next.Title}, "description": {before.Description, next.Description},
			"due_date": {dayString(before.DueDate), dayString(next.DueDate)}, "assignee": {fmt.Sprint(before.AssigneeID), fmt.Sprint(next.AssigneeID)},
			"visibility": {visibilityWord(before.Visible), visibilityWord(next.Visible)}, "retour": {fmt.Sprint(before.RetourID), fmt.Sprint(next.RetourID)},
		})
		if before.Status != next.Status {
			summary += fmt.Sprintf("; status %s → %s", taskLabels[before.Status], taskLabels[next.Status])
		}
		return s.db.InsertAudit(ctx, a.audit(s, "task.update", "task", before.ID, p.ClientID, "success",
			fmt.Sprintf("task « %s »: %s", next.Title, summary)))
	})
	if err != nil {
		return store.Task{}, err
	}
	s.announceTasks(ctx, cur.ProjectID, before.Visible || next.Visible || moved)
	return s.db.TaskByID(ctx, cur.ID)
}

// MoveTask moves a task to a step of the same project, at a position (0: at the end). A step
// of another project is refused: a task never changes project.
func (s *Service) MoveTask(ctx context.Context, a Actor, id int64, in MoveTaskInput) (store.Task, error) {
	cur, err := s.staffTask(ctx, a, id)
	if err != nil {
		return cur, err
	}
	target, err := s.db.MilestoneByID(ctx, in.MilestoneID)
	if errors.Is(err, store.ErrNotFound) {
		return cur, Invalid("milestone_id", errcode.TaskStepUnknown, nil)
	}
	if err != nil {
		return cur, err
	}
	if target.ProjectID != cur.ProjectID {
		return cur, Invalid("milestone_id", errcode.TaskOtherProject, nil)
	}
	if in.Position < 0 {
		return cur, Invalid("position", errcode.TaskPositionInvalid, nil)
	}
	moved, err := s.changeTasks(ctx, a, cur.ProjectID, func(ctx context.Context, p store.Project) error {
		before, err := s.db.TaskByID(ctx, id)
		if err != nil {
			return err
		}
		ids, err := s.db.TaskIDsOf(ctx, target.ID)
		if err != nil {
			return err
		}
		ids = without(ids, id)
		at := len(ids)
		if in.Position > 0 && in.Position-1 < at {
			at = in.Position - 1
		}
		ids = append(ids[:at], append([]int64{id}, ids[at:]...)...)
		if err := s.placeTasks(ctx, target.ID, ids); err != nil {
			return err
		}
		if before.MilestoneID != target.ID {
			if err := s.closeGap(ctx, before.MilestoneID); err != nil {
				return err
			}
		}
		return s.db.InsertAudit(ctx, a.audit(s, "task.move", "task", id, p.ClientID, "success",
			fmt.Sprintf("task « %s » moved from step « %s » to step « %s », position %d", before.Title, before.MilestoneTitle, target.Title, at+1)))
	})
	if err != nil {
		return store.Task{}, err
	}
	s.announceTasks(ctx, cur.ProjectID, cur.Visible || moved)
	return s.db.TaskByID(ctx, id)
}

func without(ids []int64, id int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, x := range ids {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// closeGap numbers the tasks left in a step 1, 2, 3… again after one moved out or was deleted.
func (s *Service) closeGap(ctx context.Context, milestoneID int64) error {
	left, err := s.db.TaskIDsOf(ctx, milestoneID)
	if err != nil {
		return err
	}
	return s.placeTasks(ctx, milestoneID, left)
}

// placeTasks puts the tasks ids in a step in that order.
func (s *Service) placeTasks(ctx context.Context, milestoneID int64, ids []int64) error {
	now := s.now()
	for i, id := range ids {
		if err := s.db.PlaceTask(ctx, id, milestoneID, i+1, now); err != nil {
			return err
		}
	}
	return nil
}

// ReorderTasks sets the order of a step's tasks; ids must list each of them once.
func (s *Service) ReorderTasks(ctx context.Context, a Actor, milestoneID int64, ids []int64) (TaskList, error) {
	m, err := s.staffStep(ctx, a, milestoneID)
	if err != nil {
		return TaskList{}, err
	}
	moved, err := s.changeTasks(ctx, a, m.ProjectID, func(ctx context.Context, p store.Project) error {
		current, err := s.db.TaskIDsOf(ctx, milestoneID)
		if err != nil {
			return err
		}
		if !samePermutation(current, ids) {
			return Invalid("ids", errcode.TaskOrder, nil)
		}
		if err := s.placeTasks(ctx, milestoneID, ids); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "task.reorder", "milestone", milestoneID, p.ClientID, "success", fmt.Sprintf("order %v", ids)))
	})
	if err != nil {
		return TaskList{}, err
	}
	s.announceTasks(ctx, m.ProjectID, m.VisibleTasksTotal > 0 || moved)
	items, total, err := s.db.ListTasks(ctx, store.TaskFilter{ProjectID: m.ProjectID, MilestoneID: milestoneID, Limit: maxPastedTasks * 10})
	return TaskList{Items: items, Total: total}, err
}

// samePermutation reports whether ids lists each of want exactly once.
func samePermutation(want, ids []int64) bool {
	if len(want) != len(ids) {
		return false
	}
	in := map[int64]bool{}
	for _, id := range want {
		in[id] = true
	}
	for _, id := range ids {
		if !in[id] {
			return false
		}
		delete(in, id)
	}
	return len(in) == 0
}

// DeleteTask removes a task; its completion, if any, stays in the history.
func (s *Service) DeleteTask(ctx context.Context, a Actor, id int64) error {
	cur, err := s.staffTask(ctx, a, id)
	if err != nil {
		return err
	}
	moved, err := s.changeTasks(ctx, a, cur.ProjectID, func(ctx context.Context, p store.Project) error {
		if err := s.db.DeleteTask(ctx, id); err != nil {
			return err
		}
		if err := s.closeGap(ctx, cur.MilestoneID); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "task.delete", "task", id, p.ClientID, "success",
			fmt.Sprintf("task « %s » removed from step « %s » of « %s »", cur.Title, cur.MilestoneTitle, p.Name)))
	})
	if err != nil {
		return err
	}
	s.announceTasks(ctx, cur.ProjectID, cur.Visible || moved)
	return nil
}
