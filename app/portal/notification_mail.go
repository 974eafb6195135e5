package portal

import (
	"context"
	"fmt"

	"github.com/bigdatacenter/portal/app/mail"
	"github.com/bigdatacenter/portal/app/store"
)

// SendDueNotificationEmails queues, for each person owed e-mail, one e-mail gathering every
// notification that is due: the burst of the last minutes for "immediately", the day's events
// for the digest. It runs every minute; several processes may run it at once (the rows are
// claimed with SKIP LOCKED). It returns how many e-mails it queued.
func (s *Service) SendDueNotificationEmails(ctx context.Context) (int, error) {
	users, err := s.db.DueEmailUsers(ctx, s.now(), 500)
	if err != nil {
		return 0, err
	}
	queued := 0
	for _, userID := range users {
		sent := false
		err := s.db.Tx(ctx, func(ctx context.Context) error {
			now := s.now()
			due, err := s.db.ClaimDueNotifications(ctx, userID, now)
			if err != nil || len(due) == 0 {
				return err
			}
			ids := make([]int64, len(due))
			for i, n := range due {
				ids[i] = n.ID
			}
			u, err := s.db.UserForUpdate(ctx, userID)
			if err != nil {
				return err
			}
			if u.DisabledAt == nil && !u.ClientArchived {
				msg, err := s.notificationMail(ctx, u, due)
				if err != nil {
					return err
				}
				if err := s.queueEmail(ctx, u, "notifications", msg); err != nil {
					return err
				}
				sent = true
			}
			return s.db.MarkNotificationsEmailed(ctx, ids, now)
		})
		if err != nil {
			return queued, err
		}
		if sent {
			queued++
		}
	}
	if queued > 0 {
		s.mailKick()
	}
	return queued, nil
}

// notificationMail groups notifications by project, in the order they happened, written in the
// recipient's language.
func (s *Service) notificationMail(ctx context.Context, u store.User, due []store.Notification) (mail.Notifications, error) {
	m := mail.Notifications{Name: u.Name, Count: len(due), SettingsLink: s.link("/mon-compte#notifications")}
	index := map[int64]int{}
	for _, n := range due {
		m.Digest = m.Digest || n.EmailMode == ModeDigest
		i, ok := index[n.ProjectID]
		if !ok {
			g := mail.NotificationGroup{Link: s.link("/tableau-de-bord")}
			if n.ProjectID != 0 {
				p, err := s.db.ProjectByID(ctx, n.ProjectID)
				if err != nil {
					return mail.Notifications{}, err
				}
				g.Project, g.Link = p.Name, s.link(fmt.Sprintf("/projets/%d", p.ID))
			}
			m.Groups = append(m.Groups, g)
			i = len(m.Groups) - 1
			index[n.ProjectID] = i
		}
		title, body := NotificationText(u.Language, n)
		if m.First == "" {
			m.First = title
		}
		m.Groups[i].Items = append(m.Groups[i].Items, mail.NotificationItem{Title: title, Body: body})
	}
	return m, nil
}
