package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Notification kinds; each can be set to immediately, digest or off per user.
const (
	NoteMessage     = "message"     // new message in a project's conversation
	NoteDeliverable = "deliverable" // new deliverable or version
	NoteDecision    = "decision"    // a client validated or sent back a deliverable
	NoteMilestone   = "milestone"   // a step was delivered
	NoteStatus      = "status"      // a project changed status
	NoteOverdue     = "overdue"     // a step is overdue
	NoteJobFailure  = "job_failure" // a scheduled job (backup...) failed: always e-mailed at once
	NoteAuditChain  = "audit_chain" // the audit log's hash chain is broken: always e-mailed at once
	NoteRetour      = "retour"      // a retour was opened, moved or answered: the other side hears of it
)

// NoteKinds lists the kinds in the order the preferences page shows them.
var NoteKinds = []string{NoteMessage, NoteRetour, NoteDeliverable, NoteDecision, NoteMilestone, NoteStatus, NoteOverdue}

// Email modes.
const (
	ModeImmediate = "immediate"
	ModeDigest    = "digest"
	ModeOff       = "off"
)

// defaultGroupWindow is how long an "immediate" e-mail waits for more events of the same burst,
// so that ten messages in two minutes make one e-mail (alerts.email_group_window).
const defaultGroupWindow = 2 * time.Minute

// Publisher delivers live events to the browsers of the given users (Server-Sent Events).
type Publisher interface {
	Publish(userIDs []int64, eventType string, data any)
}

type nopPublisher struct{}

func (nopPublisher) Publish([]int64, string, any) {}

// note is one notification to write for a set of people: what happened, not a sentence.
type note struct {
	kind   string
	params NoteParams
}

// notify writes a notification for each recipient except the actor (nobody is notified of its
// own actions), with the e-mail each one's preferences call for, in the transaction of ctx. It
// returns the rows written, for the live events to send after the commit.
func (s *Service) notify(ctx context.Context, a Actor, recipients []int64, n note) ([]store.Notification, error) {
	var to []int64
	seen := map[int64]bool{}
	for _, id := range recipients {
		if id != a.UserID && !seen[id] {
			seen[id] = true
			to = append(to, id)
		}
	}
	if len(to) == 0 {
		return nil, nil
	}
	modes, hours, err := s.db.PrefsOf(ctx, to)
	if err != nil {
		return nil, err
	}
	params, err := json.Marshal(n.params)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var written []store.Notification
	for _, id := range to {
		mode := modes[id][n.kind]
		if mode == "" {
			mode = ModeImmediate
		}
		row := store.Notification{UserID: id, Kind: n.kind, ProjectID: n.params.ProjectID, Params: params, CreatedAt: now, EmailMode: "none"}
		switch mode {
		case ModeImmediate:
			due := now.Add(s.groupWindow)
			row.EmailMode, row.EmailDueAt = ModeImmediate, &due
		case ModeDigest:
			due := nextDigest(now, hours[id], s.tz)
			row.EmailMode, row.EmailDueAt = ModeDigest, &due
		}
		if row.ID, err = s.db.InsertNotification(ctx, row); err != nil {
			return nil, err
		}
		written = append(written, row)
	}
	return written, nil
}

// nextDigest is the next time it is hour:00 in loc, after now.
func nextDigest(now time.Time, hour int, loc *time.Location) time.Time {
	local := now.In(loc)
	t := time.Date(local.Year(), local.Month(), local.Day(), hour, 0, 0, 0, loc)
	if !t.After(now) {
		t = t.AddDate(0, 0, 1)
	}
	return t.UTC()
}

// announce sends the live events of a committed change: to each notified person, the new
// notification (as the API lists it) and a fresh unread count; and the event itself to everyone
// who may see the project.
func (s *Service) announce(ctx context.Context, notified []store.Notification, viewers []int64, eventType string, data any) {
	for _, n := range notified {
		unread, err := s.db.UnreadNotifications(ctx, n.UserID)
		if err == nil {
			s.live.Publish([]int64{n.UserID}, "notifications", map[string]any{"unread": unread, "notification": notificationItem(n)})
		}
	}
	if eventType != "" {
		s.live.Publish(viewers, eventType, data)
	}
}

// projectViewers are everyone who may see a project: its client's users and every admin.
func (s *Service) projectViewers(ctx context.Context, projectID int64) []int64 {
	ids, err := s.db.ProjectViewers(ctx, projectID)
	if err != nil {
		s.log.Warn("listing a project's viewers", "err", err)
	}
	return ids
}

// NotificationList is the bell's content.
type NotificationList struct {
	Items  []NotificationItem
	Unread int
}

// Notifications lists the actor's own notifications.
func (s *Service) Notifications(ctx context.Context, a Actor, unreadOnly bool, limit int) (NotificationList, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return NotificationList{}, err
	}
	items, unread, err := s.db.NotificationsOf(ctx, a.UserID, unreadOnly, min(max(limit, 1), 100))
	list := NotificationList{Items: make([]NotificationItem, len(items)), Unread: unread}
	for i, n := range items {
		list.Items[i] = notificationItem(n)
	}
	return list, err
}

// MarkNotificationsRead marks one (id > 0) or all of the actor's notifications read.
func (s *Service) MarkNotificationsRead(ctx context.Context, a Actor, id int64) (int, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return 0, err
	}
	n, err := s.db.MarkNotificationsRead(ctx, a.UserID, id, s.now())
	if err != nil {
		return 0, err
	}
	if id > 0 && n == 0 {
		// Another person's notification is a missing one.
		return 0, ErrNotFound
	}
	unread, err := s.db.UnreadNotifications(ctx, a.UserID)
	if err == nil {
		s.live.Publish([]int64{a.UserID}, "notifications", map[string]int{"unread": unread})
	}
	return unread, err
}

// Prefs are a user's e-mail choices.
type Prefs struct {
	Modes      map[string]string `json:"modes"`
	DigestHour int               `json:"digest_hour"`
}

// NotificationPrefs returns the actor's preferences, with every kind filled in.
func (s *Service) NotificationPrefs(ctx context.Context, a Actor) (Prefs, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return Prefs{}, err
	}
	modes, hour, err := s.db.NotificationPrefs(ctx, a.UserID)
	if err != nil {
		return Prefs{}, err
	}
	p := Prefs{Modes: map[string]string{}, DigestHour: hour}
	for _, k := range NoteKinds {
		p.Modes[k] = modes[k]
		if p.Modes[k] == "" {
			p.Modes[k] = ModeImmediate
		}
	}
	return p, nil
}

// SetNotificationPrefs saves the actor's preferences.
func (s *Service) SetNotificationPrefs(ctx context.Context, a Actor, p Prefs) (Prefs, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return Prefs{}, err
	}
	if p.DigestHour < 0 || p.DigestHour > 23 {
		return Prefs{}, Invalid("digest_hour", errcode.DigestHourRange, nil)
	}
	known := map[string]bool{}
	for _, k := range NoteKinds {
		known[k] = true
	}
	for k, m := range p.Modes {
		if !known[k] {
			return Prefs{}, Invalid("modes", errcode.NotificationUnknown, errcode.Params{"kind": k})
		}
		if m != ModeImmediate && m != ModeDigest && m != ModeOff {
			return Prefs{}, Invalid("modes", errcode.NotificationMode, nil)
		}
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		if err := s.db.SetNotificationPrefs(ctx, a.UserID, p.Modes, p.DigestHour); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "account.notification_prefs", "user", a.UserID, a.ClientID, "success", fmt.Sprintf("%v, digest at %dh", p.Modes, p.DigestHour)))
	}, func(ctx context.Context) (Prefs, error) {
		return s.NotificationPrefs(ctx, a)
	})
	return out, err
}
