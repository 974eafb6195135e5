package portal

import (
	"encoding/json"
	"time"

	"github.com/bigdatacenter/portal/app/locale"
	"github.com/bigdatacenter/portal/app/store"
)

// NoteParams are what a notification says, stored as JSON beside its kind: ids to build links
// from, the names and numbers of the sentence. The reader's interface (the bell, the e-mail)
// writes the sentence in its language from the "notificationTexts" translations; a field is
// set only by the kinds that use it.
type NoteParams struct {
	ProjectID     int64  `json:"project_id,omitempty"`
	Project       string `json:"project,omitempty"`
	Client        string `json:"client,omitempty"`         // overdue
	Author        string `json:"author,omitempty"`         // message, decision: who wrote or decided
	MessageID     int64  `json:"message_id,omitempty"`     // message
	Excerpt       string `json:"excerpt,omitempty"`        // message: its first 200 characters
	Internal      bool   `json:"internal,omitempty"`       // message: an internal note (staff only)
	DeliverableID int64  `json:"deliverable_id,omitempty"` // deliverable, decision
	Deliverable   string `json:"deliverable,omitempty"`
	Version       int    `json:"version,omitempty"`
	File          string `json:"file,omitempty"` // deliverable: the version's file name and size in bytes
	Size          int64  `json:"size,omitempty"`
	Decision      string `json:"decision,omitempty"` // decision: VersionValid or VersionChanges
	Comment       string `json:"comment,omitempty"`
	MilestoneID   int64  `json:"milestone_id,omitempty"` // milestone, overdue
	Step          string `json:"step,omitempty"`
	TaskID        int64  `json:"task_id,omitempty"` // overdue: a task rather than a step
	Task          string `json:"task,omitempty"`
	Due           string `json:"due,omitempty"`    // overdue: the due day, YYYY-MM-DD, and days since
	Days          int    `json:"days,omitempty"`   // overdue: days since; retour late: working days since its last change
	Status        string `json:"status,omitempty"` // status: the project's new status
	Job           string `json:"job,omitempty"`    // job_failure: which job, and its error as it is
	Error         string `json:"error,omitempty"`
	Break         string `json:"break,omitempty"` // audit_chain: the kind of break and the row named
	Row           int64  `json:"row,omitempty"`
	RetourID      int64  `json:"retour_id,omitempty"` // retour; decision: the retour a change request opened
	Retour        string `json:"retour,omitempty"`    // retour: its title
	// Event is what happened to a retour: opened, message, or the state it moved to.
	Event    string `json:"event,omitempty"`
	Priority string `json:"priority,omitempty"` // retour opened: its priority
	// Text and Body are a notification written before notifications had parameters (migration
	// 0011), shown as they are in every language.
	Text string `json:"text,omitempty"`
	Body string `json:"body,omitempty"`
}

// NotificationItem is a notification as the API and the live events give it: the kind and
// parameters the interface renders, and the French sentence for API clients that render
// nothing themselves.
type NotificationItem struct {
	ID        int64           `json:"id"`
	Kind      string          `json:"kind"`
	ProjectID *int64          `json:"project_id"`
	Params    json.RawMessage `json:"params"`
	Title     string          `json:"title"`
	Body      string          `json:"body"`
	CreatedAt time.Time       `json:"created_at"`
	ReadAt    *time.Time      `json:"read_at"`
}

func notificationItem(n store.Notification) NotificationItem {
	it := NotificationItem{ID: n.ID, Kind: n.Kind, Params: n.Params, CreatedAt: n.CreatedAt, ReadAt: n.ReadAt}
	if n.ProjectID != 0 {
		id := n.ProjectID
		it.ProjectID = &id
	}
	it.Title, it.Body = NotificationText(locale.French, n)
	return it
}

// NotificationText writes a notification in lang, as the frontend's notificationText does:
// change both together.
func NotificationText(lang string, n store.Notification) (title, body string) {
	var p NoteParams
	if err := json.Unmarshal(n.Params, &p); err != nil || p.Text != "" {
		return p.Text, p.Body
	}
	vars := map[string]any{"project": p.Project, "client": p.Client, "author": p.Author, "deliverable": p.Deliverable,
		"version": p.Version, "file": p.File, "step": p.Step, "task": p.Task, "job": p.Job, "retour": p.Retour}
	key := "notificationTexts." + n.Kind + "."
	switch n.Kind {
	case NoteMessage:
		body = p.Excerpt
		if p.Internal {
			return locale.T(lang, key+"titleInternal", vars), body
		}
	case NoteDeliverable:
		vars["size"] = locale.Size(lang, p.Size)
		body = locale.T(lang, key+"body", vars)
		if p.Version > 1 {
			return locale.T(lang, key+"titleVersion", vars), body
		}
	case NoteDecision:
		return locale.T(lang, key+p.Decision, vars), p.Comment
	case NoteStatus:
		vars["status"] = locale.T(lang, "projects.status."+p.Status, nil)
	case NoteOverdue:
		if due, err := time.Parse(time.DateOnly, p.Due); err == nil {
			vars["due"] = locale.Day(lang, due)
		}
		vars["count"] = p.Days
		if p.Task != "" {
			return locale.T(lang, key+"titleTask", vars), locale.T(lang, key+"bodyTask", vars)
		}
		body = locale.T(lang, key+"body", vars)
	case NoteJobFailure:
		body = p.Error
	case NoteAuditChain:
		vars["what"] = locale.T(lang, "audit.chain.break."+p.Break, map[string]any{"row": p.Row})
		body = locale.T(lang, key+"body", nil)
	case NoteRetour:
		vars["count"], vars["client"] = p.Days, p.Client // late: working days waited
		body = p.Comment
		if p.Event == "opened" || p.Event == "message" {
			body = p.Excerpt
		}
		return locale.T(lang, key+p.Event, vars), body
	}
	return locale.T(lang, key+"title", vars), body
}

// excerpt is the first 200 characters of a text, for a notification.
func excerpt(s string) string {
	if r := []rune(s); len(r) > 200 {
		return string(r[:199]) + "…"
	}
	return s
}
