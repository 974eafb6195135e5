package portal

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Retour is a client's feedback on a project, tracked to closure (issue 14, §2).
type (
	Retour      = store.Retour
	RetourEvent = store.RetourEvent
)

// Retour kinds, priorities and states; the French labels are those of errors and exports.
const (
	RetourNew          = "nouveau"
	RetourAcknowledged = "pris_en_compte"
	RetourInProgress   = "en_cours"
	RetourResolved     = "resolu"
	RetourClosed       = "cloture"
	RetourReopened     = "rouvert"
)

// The codes a retour's kind, priority and state take; their names in each language are the
// interface's (retours.kind.*, retours.priority.*, retours.status.* in app/locale).
var (
	retourKinds      = map[string]bool{"anomalie": true, "evolution": true, "question": true}
	retourPriorities = map[string]bool{"bloquant": true, "majeur": true, "mineur": true}
	retourStatuses   = map[string]bool{RetourNew: true, RetourAcknowledged: true, RetourInProgress: true,
		RetourResolved: true, RetourClosed: true, RetourReopened: true}
)

// retourMove is who may move a retour into a state, and from which states. Staff work on it;
// only the client says whether the resolution suits it.
type retourMove struct {
	role Role
	from []string
}

var retourMoves = map[string]retourMove{
	RetourAcknowledged: {RoleAdmin, []string{RetourNew, RetourReopened}},
	RetourInProgress:   {RoleAdmin, []string{RetourNew, RetourAcknowledged, RetourReopened}},
	RetourResolved:     {RoleAdmin, []string{RetourAcknowledged, RetourInProgress, RetourReopened}},
	RetourClosed:       {RoleClient, []string{RetourResolved}},
	RetourReopened:     {RoleClient, []string{RetourResolved}},
}

// RetourMovesFor lists the states the actor may move a retour in status to, in workflow order.
func RetourMovesFor(role Role, status string) []string {
	var out []string
	for _, to := range []string{RetourAcknowledged, RetourInProgress, RetourResolved, RetourClosed, RetourReopened} {
		if m := retourMoves[to]; m.role == role && slices.Contains(m.from, status) {
			out = append(out, to)
		}
	}
	return out
}

// RetourInput opens a retour. The step, version and task are optional and must be the
// project's; AttachmentIDs are files uploaded beforehand to the project (UploadAttachment).
type RetourInput struct {
	Kind          string  `json:"kind"`
	Priority      string  `json:"priority"`
	Title         string  `json:"title"`
	Description   string  `json:"description"`
	MilestoneID   int64   `json:"milestone_id"`
	VersionID     int64   `json:"version_id"`
	TaskID        int64   `json:"task_id"`
	AttachmentIDs []int64 `json:"attachment_ids"`
}

// RetourDetail is a retour's page: the retour, its history and what the reader may do next.
type RetourDetail struct {
	Retour
	Events []RetourEvent
	Moves  []string
	// Tasks are the tasks that answer the retour (tasks.retour_id).
	Tasks []store.Task
}

// loadRetour reads a retour the actor may see: another client's is a missing one (and the
// attempt is audited by loadProject).
func (s *Service) loadRetour(ctx context.Context, a Actor, id int64) (Retour, store.Project, error) {
	if err := s.authorize(ctx, a, ActViewProjects); err != nil {
		return Retour{}, store.Project{}, err
	}
	r, err := s.db.RetourByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return r, store.Project{}, ErrNotFound
	}
	if err != nil {
		return r, store.Project{}, err
	}
	p, err := s.loadProject(ctx, a, r.ProjectID)
	return r, p, err
}

// retourSeen is a retour as a reads it: a client is not told of an internal task, even one the
// retour was tied to before the task became internal.
func (a Actor) retourSeen(r Retour) Retour {
	if r.TaskInternal && !a.IsAdmin() {
		r.TaskID, r.TaskTitle, r.TaskInternal = 0, "", false
	}
	return r
}

func (s *Service) retourDetail(ctx context.Context, a Actor, r Retour) (RetourDetail, error) {
	events, err := s.db.RetourEvents(ctx, r.ID)
	if err != nil {
		return RetourDetail{}, err
	}
	// The tasks that answer it: the visible ones for a client, in SQL.
	tasks, _, err := s.db.ListTasks(ctx, store.TaskFilter{ProjectID: r.ProjectID, RetourID: r.ID, VisibleOnly: !a.IsAdmin(), Limit: 100})
	return RetourDetail{Retour: a.retourSeen(r), Events: events, Moves: RetourMovesFor(a.Role, r.Status), Tasks: tasks}, err
}

// writeRetour runs write, which says the retour it wrote, its project and the notifications it
// made, in one transaction with the reading of the retour's page for a; then it sends the
// notifications and the retour's live event.
func (s *Service) writeRetour(ctx context.Context, a Actor, write func(ctx context.Context) (id, projectID int64, notified []store.Notification, err error)) (RetourDetail, error) {
	var id, projectID int64
	var notified []store.Notification
	out, err := txAnswer(ctx, s, func(ctx context.Context) (err error) {
		id, projectID, notified, err = write(ctx)
		return err
	}, func(ctx context.Context) (RetourDetail, error) {
		r, err := s.db.RetourByID(ctx, id)
		if err != nil {
			return RetourDetail{}, err
		}
		return s.retourDetail(ctx, a, r)
	})
	if err != nil {
		return RetourDetail{}, err
	}
	s.announce(ctx, notified, s.projectViewers(ctx, projectID), "retour", map[string]int64{"project_id": projectID, "retour_id": id})
	return out, nil
}

// GetRetour returns a retour's page.
func (s *Service) GetRetour(ctx context.Context, a Actor, id int64) (RetourDetail, error) {
	r, _, err := s.loadRetour(ctx, a, id)
	if err != nil {
		return RetourDetail{}, err
	}
	return s.retourDetail(ctx, a, r)
}

// checkRetourLinks checks that the step, version and task a retour names are the project's.
// A client names only a task it is shown: an internal one answers as another project's would.
func (s *Service) checkRetourLinks(ctx context.Context, a Actor, projectID, milestoneID, versionID, taskID int64) error {
	if milestoneID != 0 {
		m, err := s.db.MilestoneByID(ctx, milestoneID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && m.ProjectID != projectID) {
			return Invalid("milestone_id", errcode.MilestoneNotInProject, nil)
		}
		if err != nil {
			return err
		}
	}
	if versionID != 0 {
		if err := s.checkProjectVersion(ctx, projectID, versionID, "version_id"); err != nil {
			return err
		}
	}
	if taskID != 0 {
		t, err := s.db.TaskByID(ctx, taskID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && (t.ProjectID != projectID || (!a.IsAdmin() && !t.Visible))) {
			return Invalid("task_id", errcode.TaskNotInProject, nil)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) checkProjectVersion(ctx context.Context, projectID, versionID int64, field string) error {
	v, err := s.db.VersionByID(ctx, versionID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && v.ProjectID != projectID) {
		return Invalid(field, errcode.VersionNotInProject, nil)
	}
	return err
}

func (in *RetourInput) validate() error {
	if !retourKinds[in.Kind] {
		return Invalid("kind", errcode.RetourKindUnknown, nil)
	}
	if !retourPriorities[in.Priority] {
		return Invalid("priority", errcode.RetourPriorityUnknown, nil)
	}
	var err error
	if in.Title, err = singleLine("title", errcode.LabelRetourTitle, in.Title, true, 200); err != nil {
		return err
	}
	in.Description, err = text("description", errcode.LabelDescription, strings.ReplaceAll(in.Description, "\r\n", "\n"), false, 10000)
	return err
}

// OpenRetour records a retour on a project: by one of its client's users, or by staff on the
// client's behalf. The other side is notified; the files given are tied to it, all or none.
func (s *Service) OpenRetour(ctx context.Context, a Actor, projectID int64, in RetourInput) (RetourDetail, error) {
	p, err := s.loadProject(ctx, a, projectID)
	if err != nil {
		return RetourDetail{}, err
	}
	if err := in.validate(); err != nil {
		return RetourDetail{}, err
	}
	if err := s.checkRetourLinks(ctx, a, projectID, in.MilestoneID, in.VersionID, in.TaskID); err != nil {
		return RetourDetail{}, err
	}
	me, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return RetourDetail{}, err
	}
	return s.writeRetour(ctx, a, func(ctx context.Context) (int64, int64, []store.Notification, error) {
		id, notified, err := s.openRetour(ctx, a, p, me.Name, in, true)
		return id, projectID, notified, err
	})
}

// openRetour writes a retour, its first history line, its counters, the notifications (when
// notify) and the audit row, in the transaction of ctx (opening from a change request runs it
// in the decision's).
func (s *Service) openRetour(ctx context.Context, a Actor, p store.Project, byName string, in RetourInput, notify bool) (int64, []store.Notification, error) {
	now := s.now()
	id, err := s.db.InsertRetour(ctx, store.Retour{ProjectID: p.ID, MilestoneID: in.MilestoneID, VersionID: in.VersionID, TaskID: in.TaskID,
		Kind: in.Kind, Priority: in.Priority, Status: RetourNew, Title: in.Title, Description: in.Description,
		OpenedBy: a.UserID, OpenedName: byName, OpenedRole: string(a.Role), CreatedAt: now})
	if err != nil {
		return 0, nil, err
	}
	n, err := s.db.ClaimRetourAttachments(ctx, in.AttachmentIDs, id, p.ID, a.UserID)
	if err != nil {
		return 0, nil, err
	}
	if n != int64(len(in.AttachmentIDs)) {
		return 0, nil, Invalid("attachment_ids", errcode.AttachmentUnavailable, nil)
	}
	if err := s.db.InsertRetourEvent(ctx, store.RetourEvent{RetourID: id, From: "", To: RetourNew, At: now, ByUserID: a.UserID,
		ByName: byName, ByRole: string(a.Role), VersionID: in.VersionID}); err != nil {
		return 0, nil, err
	}
	if err := s.db.RecomputeRetourCounters(ctx, p.ID, now); err != nil {
		return 0, nil, err
	}
	var notified []store.Notification
	if notify {
		if notified, err = s.notifyRetour(ctx, a, p, NoteParams{RetourID: id, Retour: in.Title, Event: "opened", Author: byName,
			Priority: in.Priority, Excerpt: excerpt(in.Description)}); err != nil {
			return 0, nil, err
		}
	}
	return id, notified, s.db.InsertAudit(ctx, a.audit(s, "retour.open", "retour", id, p.ClientID, "success",
		fmt.Sprintf("« %s » (%s, %s), %d file(s)", in.Title, in.Kind, in.Priority, len(in.AttachmentIDs))))
}

// notifyRetour notifies the other side of a retour's event: the project's staff of what a
// client did, the client's users of what staff did.
func (s *Service) notifyRetour(ctx context.Context, a Actor, p store.Project, params NoteParams) ([]store.Notification, error) {
	clients, staff, err := s.db.ProjectAudience(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	to := staff
	if a.IsAdmin() {
		to = clients
	}
	params.ProjectID, params.Project = p.ID, p.Name
	return s.notify(ctx, a, to, note{kind: NoteRetour, params: params})
}

// RetourMove is a transition asked for: the new state, the comment (the resolution note, which
// resolving requires, or the reason of a reopening, which reopening requires) and, when
// resolving, the version that fixes it.
type RetourMove struct {
	To        string `json:"to"`
	Comment   string `json:"comment"`
	VersionID int64  `json:"version_id"`
}

// MoveRetour moves a retour along its workflow (RetourMovesFor), records the history line and
// the audit row, and notifies the other side.
func (s *Service) MoveRetour(ctx context.Context, a Actor, id int64, in RetourMove) (RetourDetail, error) {
	// Who may see it and who may move it are decided on a plain read, so that a refusal's
	// audit row is not rolled back with the transaction; the state is checked on the locked row.
	r, p, err := s.loadRetour(ctx, a, id)
	if err != nil {
		return RetourDetail{}, err
	}
	move, known := retourMoves[in.To]
	if !known {
		return RetourDetail{}, Invalid("to", errcode.RetourStateUnknown, nil)
	}
	if move.role != a.Role {
		s.auditDenied(ctx, a, "retour to "+in.To, "retour", r.ID, p.ClientID)
		if move.role == RoleClient {
			return RetourDetail{}, newErr(KindForbidden, errcode.RetourClientOnly, nil)
		}
		return RetourDetail{}, newErr(KindForbidden, errcode.RetourStaffOnly, nil)
	}
	comment, err := text("comment", errcode.LabelComment, strings.ReplaceAll(in.Comment, "\r\n", "\n"), false, 5000)
	if err != nil {
		return RetourDetail{}, err
	}
	if in.VersionID != 0 && in.To != RetourResolved {
		return RetourDetail{}, Invalid("version_id", errcode.RetourVersionNotFix, nil)
	}
	return s.changeRetour(ctx, a, id, func(ctx context.Context, r Retour, me store.User) ([]store.Notification, error) {
		if !slices.Contains(move.from, r.Status) {
			return nil, newErr(KindConflict, errcode.RetourTransition, nil)
		}
		switch {
		case in.To == RetourResolved && comment == "":
			return nil, Invalid("comment", errcode.RetourResolutionNote, nil)
		case in.To == RetourReopened && comment == "":
			return nil, Invalid("comment", errcode.RetourReopenComment, nil)
		}
		if in.VersionID != 0 {
			if err := s.checkProjectVersion(ctx, r.ProjectID, in.VersionID, "version_id"); err != nil {
				return nil, err
			}
		}
		now := s.now()
		from := r.Status
		r.Status, r.UpdatedAt = in.To, now
		switch in.To {
		case RetourAcknowledged, RetourInProgress:
			if r.AssigneeID == 0 {
				r.AssigneeID = a.UserID
			}
		case RetourResolved:
			r.Resolution, r.ResolvedVersionID, r.ResolvedAt = comment, in.VersionID, &now
			if r.FirstResolvedAt == nil {
				r.FirstResolvedAt = &now
			}
		case RetourClosed:
			r.ClosedAt = &now
		case RetourReopened:
			r.ReopenCount++
		}
		if r.AcknowledgedAt == nil && a.IsAdmin() {
			r.AcknowledgedAt = &now
		}
		if err := s.db.SaveRetourState(ctx, r); err != nil {
			return nil, err
		}
		if err := s.db.InsertRetourEvent(ctx, store.RetourEvent{RetourID: r.ID, From: from, To: in.To, At: now, ByUserID: a.UserID,
			ByName: me.Name, ByRole: string(a.Role), Comment: comment, VersionID: in.VersionID}); err != nil {
			return nil, err
		}
		if err := s.db.RecomputeRetourCounters(ctx, r.ProjectID, now); err != nil {
			return nil, err
		}
		notified, err := s.notifyRetour(ctx, a, p, NoteParams{RetourID: r.ID, Retour: r.Title, Event: in.To, Author: me.Name,
			Comment: excerpt(comment)})
		if err != nil {
			return nil, err
		}
		return notified, s.db.InsertAudit(ctx, a.audit(s, "retour."+in.To, "retour", r.ID, p.ClientID, "success",
			fmt.Sprintf("« %s »: %s → %s", r.Title, from, in.To)))
	})
}

// changeRetour runs a change of a retour on its locked row (transitions and triage of one retour
// run one at a time), in one transaction with the reading of its page for a, then sends the
// notifications the change wrote and the live event of the retour.
func (s *Service) changeRetour(ctx context.Context, a Actor, id int64, change func(ctx context.Context, r Retour, me store.User) ([]store.Notification, error)) (RetourDetail, error) {
	me, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return RetourDetail{}, err
	}
	return s.writeRetour(ctx, a, func(ctx context.Context) (int64, int64, []store.Notification, error) {
		r, err := s.db.RetourForUpdate(ctx, id)
		if err != nil {
			return 0, 0, nil, err
		}
		notified, err := change(ctx, r, me)
		return id, r.ProjectID, notified, err
	})
}

// RetourTriage is what staff set on a retour outside its workflow: a field left out keeps its
// value (the list changes one at a time); AssigneeID 0 leaves the retour to nobody.
type RetourTriage struct {
	Priority   string `json:"priority"`
	AssigneeID *int64 `json:"assignee_id"`
}

// TriageRetour sets a retour's priority and the staff member in charge (admins). The change is
// audited and the new assignee notified; what is checked is checked before anything is written.
func (s *Service) TriageRetour(ctx context.Context, a Actor, id int64, in RetourTriage) (RetourDetail, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return RetourDetail{}, err
	}
	if in.Priority == "" && in.AssigneeID == nil {
		return RetourDetail{}, Invalid("priority", errcode.RetourTriageEmpty, nil)
	}
	if in.Priority != "" && !retourPriorities[in.Priority] {
		return RetourDetail{}, Invalid("priority", errcode.RetourPriorityUnknown, nil)
	}
	if in.AssigneeID != nil && *in.AssigneeID != 0 {
		u, err := s.db.UserByID(ctx, *in.AssigneeID)
		if errors.Is(err, store.ErrNotFound) || (err == nil && (u.Role != string(RoleAdmin) || u.DisabledAt != nil)) {
			return RetourDetail{}, Invalid("assignee_id", errcode.RetourAssigneeInvalid, nil)
		}
		if err != nil {
			return RetourDetail{}, err
		}
	}
	_, p, err := s.loadRetour(ctx, a, id)
	if err != nil {
		return RetourDetail{}, err
	}
	// On the locked row: two staff triaging at once each see what the other set.
	return s.changeRetour(ctx, a, id, func(ctx context.Context, cur Retour, me store.User) ([]store.Notification, error) {
		priority, assignee := cur.Priority, cur.AssigneeID
		if in.Priority != "" {
			priority = in.Priority
		}
		if in.AssigneeID != nil {
			assignee = *in.AssigneeID
		}
		if priority == cur.Priority && assignee == cur.AssigneeID {
			return nil, nil // nothing changes: nothing to write, audit or tell
		}
		if err := s.db.SaveRetourTriage(ctx, cur.ID, priority, assignee, s.now()); err != nil {
			return nil, err
		}
		var notified []store.Notification
		if assignee != cur.AssigneeID && assignee != 0 {
			var err error
			if notified, err = s.notify(ctx, a, []int64{assignee}, note{kind: NoteRetour, params: NoteParams{ProjectID: p.ID, Project: p.Name,
				RetourID: cur.ID, Retour: cur.Title, Event: "assigned", Author: me.Name, Priority: priority}}); err != nil {
				return nil, err
			}
		}
		return notified, s.db.InsertAudit(ctx, a.audit(s, "retour.triage", "retour", cur.ID, p.ClientID, "success",
			fmt.Sprintf("« %s »: priority %s → %s, assignee %d → %d", cur.Title, cur.Priority, priority, cur.AssigneeID, assignee)))
	})
}

// maxAgeDays bounds the age filter: ten years.
const maxAgeDays = 3650

// RetourQuery filters a list of retours. ClientID, ProjectID and AssigneeID are honoured for
// admins; a client user's list is always its company's. MinAgeDays keeps the retours open
// for at least that many days.
type RetourQuery struct {
	ClientID, ProjectID, MilestoneID, AssigneeID int64
	Status, Kind, Priority, Sort                 string
	MinAgeDays                                   int
	Page                                         Page
}

// ListRetourMessages returns a page of a retour's thread.
func (s *Service) ListRetourMessages(ctx context.Context, a Actor, id, before int64, limit int) (Thread, error) {
	r, _, err := s.loadRetour(ctx, a, id)
	if err != nil {
		return Thread{}, err
	}
	return s.readThread(ctx, a, r.ProjectID, r.ID, before, limit)
}

// countUnread sets on each retour how many messages of its thread the actor has not seen (its
// own visibility: a client never counts an internal note).
func (s *Service) countUnread(ctx context.Context, a Actor, items []*Retour) error {
	ids := make([]int64, len(items))
	for i, r := range items {
		ids[i] = r.ID
	}
	unread, err := s.db.RetourUnread(ctx, a.UserID, ids, a.IsAdmin())
	for _, r := range items {
		r.Unread = unread[r.ID]
	}
	return err
}

// PostRetourMessage adds a message to a retour's thread and notifies the other side (an internal
// note: the staff).
func (s *Service) PostRetourMessage(ctx context.Context, a Actor, id int64, in MessageInput) (store.Message, error) {
	r, p, err := s.loadRetour(ctx, a, id)
	if err != nil {
		return store.Message{}, err
	}
	return s.postMessage(ctx, a, p, &r, in)
}

// changeRequestRetour opens, in the transaction of a change request, the retour that keeps what
// the client asked for, linked to the version it was said about. The decision's own
// notification tells the staff: the retour adds none.
func (s *Service) changeRequestRetour(ctx context.Context, a Actor, p store.Project, byName string, d store.Deliverable, v store.Version, comment string) (int64, error) {
	title := fmt.Sprintf("Modifications demandées sur « %s » v%d", d.Title, v.Number)
	if r := []rune(title); len(r) > 200 {
		title = string(r[:199]) + "…"
	}
	id, _, err := s.openRetour(ctx, a, p, byName, RetourInput{Kind: "evolution", Priority: "majeur", Title: title, Description: comment,
		MilestoneID: d.MilestoneID, VersionID: v.ID}, false)
	return id, err
}

// RetourCounts sums the retours of the projects the actor may see: open, new, and resolved
// awaiting the client (the dashboards' counters).
func (s *Service) RetourCounts(ctx context.Context, a Actor) (store.RetourCounts, error) {
	if err := s.authorize(ctx, a, ActViewProjects); err != nil {
		return store.RetourCounts{}, err
	}
	if a.Role == RoleAdmin {
		// The whole portal's sums read every project: the overview's, computed once per change
		// of the data for all admins.
		o, err := s.AdminOverview(ctx, a)
		return o.Retours, err
	}
	return s.db.RetourCountsOf(ctx, a.ClientID)
}
