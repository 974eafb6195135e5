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
				if err := s.queueEmail(ctx, u.Email, "notifications", msg); err != nil {
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

// notificationMail groups notifications by project, in the order they happened.
func (s *Service) notificationMail(ctx context.Context, u store.User, due []store.Notification) (mail.Notifications, error) {
	digest := false
	var groups []mail.NotificationGroup
	index := map[int64]int{}
	for _, n := range due {
		digest = digest || n.EmailMode == ModeDigest
		i, ok := index[n.ProjectID]
		if !ok {
			name := "Portail client"
			link := s.link("/tableau-de-bord")
			if n.ProjectID != 0 {
				p, err := s.db.ProjectByID(ctx, n.ProjectID)
				if err != nil {
					return mail.Notifications{}, err
				}
				name, link = "Projet "+p.Name, s.link(fmt.Sprintf("/projets/%d", p.ID))
			}
			groups = append(groups, mail.NotificationGroup{Project: name, Link: link})
			i = len(groups) - 1
			index[n.ProjectID] = i
		}
		groups[i].Items = append(groups[i].Items, mail.NotificationItem{Title: n.Title, Body: n.Body})
	}
	m := mail.Notifications{Name: u.Name, Groups: groups, SettingsLink: s.link("/mon-compte#notifications"),
		Intro: "Voici ce qui s'est passé sur le portail :"}
	switch {
	case digest:
		m.Subject = fmt.Sprintf("Votre résumé du portail BIGDATA CENTER : %d nouveauté%s", len(due), plural(len(due)))
		m.Intro = "Voici votre résumé des nouveautés :"
	case len(due) == 1:
		m.Subject = due[0].Title
	default:
		m.Subject = fmt.Sprintf("%d nouveautés sur le portail BIGDATA CENTER", len(due))
	}
	return m, nil
}
