package portal

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// UserInput is what an admin may set on an account. The role and the client come from here
// only on admin routes; a user editing its own account goes through AccountInput instead.
type UserInput struct {
	Email    string `json:"email"`
	Name     string `json:"name"`
	Role     Role   `json:"role"`
	ClientID int64  `json:"client_id"`
	Language string `json:"language"`
}

var errEmailTaken = &Error{Kind: KindConflict, Code: errcode.EmailTaken, Field: "email"}

func (s *Service) validateUser(ctx context.Context, in UserInput) (store.User, error) {
	var u store.User
	var err error
	if u.Email, err = NormalizeEmail(in.Email); err != nil {
		return u, err
	}
	if u.Name, err = singleLine("name", errcode.LabelUserName, in.Name, true, 200); err != nil {
		return u, err
	}
	u.Language = in.Language
	if u.Language == "" {
		u.Language = "fr"
	}
	if u.Language != "fr" && u.Language != "en" {
		return u, Invalid("language", errcode.LanguageUnknown, nil)
	}
	switch in.Role {
	case RoleAdmin:
		if in.ClientID != 0 {
			return u, Invalid("client_id", errcode.AdminHasNoClient, nil)
		}
	case RoleClient:
		if in.ClientID == 0 {
			return u, Invalid("client_id", errcode.UserClientRequired, nil)
		}
		c, err := s.db.ClientByID(ctx, in.ClientID)
		if errors.Is(err, store.ErrNotFound) {
			return u, Invalid("client_id", errcode.ClientUnknown, nil)
		}
		if err != nil {
			return u, err
		}
		if c.ArchivedAt != nil {
			return u, Invalid("client_id", errcode.UserClientArchived, nil)
		}
		u.ClientName = c.Name
	default:
		return u, Invalid("role", errcode.RoleUnknown, nil)
	}
	u.Role, u.ClientID = string(in.Role), in.ClientID
	return u, nil
}

// UserList is one page of users.
type UserList = List[store.User]

// ListUsers lists accounts, optionally of one client or one role.
func (s *Service) ListUsers(ctx context.Context, a Actor, clientID int64, role Role, search string, p Page) (UserList, error) {
	if err := s.authorize(ctx, a, ActManageUsers); err != nil {
		return UserList{}, err
	}
	limit, offset := p.bounds()
	items, total, err := s.db.ListUsers(ctx, store.UserFilter{ClientID: clientID, Role: string(role), Search: strings.TrimSpace(search), Limit: limit, Offset: offset})
	return UserList{Items: items, Total: total}, err
}

// UserDetail is an account with what its admin page shows.
type UserDetail struct {
	store.User
	OpenSessions      int
	InvitationPending bool
}

// GetUser returns one account.
func (s *Service) GetUser(ctx context.Context, a Actor, id int64) (UserDetail, error) {
	u, err := authorizedRow(ctx, s, a, ActManageUsers, s.db.UserByID, id)
	if err != nil {
		return UserDetail{}, err
	}
	d := UserDetail{User: u}
	if d.OpenSessions, err = s.db.CountUserSessions(ctx, id); err != nil {
		return d, err
	}
	d.InvitationPending, err = s.db.HasPendingInvitation(ctx, id, s.now())
	return d, err
}

// InviteUser creates an account without a password and e-mails it a link to choose one.
func (s *Service) InviteUser(ctx context.Context, a Actor, in UserInput) (UserDetail, error) {
	u, err := authorizedInput(ctx, s, a, ActManageUsers, func() (store.User, error) { return s.validateUser(ctx, in) })
	if err != nil {
		return UserDetail{}, err
	}
	inviter, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return UserDetail{}, err
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		id, err := s.db.InsertUser(ctx, u, s.now())
		if err != nil {
			return err
		}
		u.ID = id
		if err := s.issueLink(ctx, u, "invitation", inviter.Name); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "user.invite", "user", id, u.ClientID, "success",
			fmt.Sprintf("%s %s invited", u.Role, u.Email)))
	}, func(ctx context.Context) (UserDetail, error) {
		return s.GetUser(ctx, a, u.ID)
	})
	if errors.Is(err, store.ErrConflict) {
		return UserDetail{}, errEmailTaken
	}
	if err != nil {
		return UserDetail{}, err
	}
	s.mailKick()
	return out, nil
}

// ResendInvitation e-mails a new invitation link (the previous one stops working).
func (s *Service) ResendInvitation(ctx context.Context, a Actor, id int64) error {
	if err := s.authorize(ctx, a, ActManageUsers); err != nil {
		return err
	}
	inviter, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return err
	}
	err = s.db.Tx(ctx, func(ctx context.Context) error {
		u, err := found(s.db.UserForUpdate(ctx, id))
		if err != nil {
			return err
		}
		if u.PasswordHash != "" {
			return newErr(KindConflict, errcode.AlreadyActive, nil)
		}
		if u.DisabledAt != nil || u.ClientArchived {
			return newErr(KindConflict, errcode.InvitationAccountDisabled, nil)
		}
		if err := s.issueLink(ctx, u, "invitation", inviter.Name); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "user.invite_resend", "user", id, u.ClientID, "success", "invitation sent again to "+u.Email))
	})
	if err == nil {
		s.mailKick()
	}
	return err
}

// UpdateUser edits an account. A change of role or client ends the account's sessions, so that
// its new rights apply at once, and is audited as a role change.
func (s *Service) UpdateUser(ctx context.Context, a Actor, id int64, in UserInput) (UserDetail, error) {
	next, err := authorizedInput(ctx, s, a, ActManageUsers, func() (store.User, error) { return s.validateUser(ctx, in) })
	if err != nil {
		return UserDetail{}, err
	}
	if id == a.UserID && next.Role != string(RoleAdmin) {
		return UserDetail{}, Invalid("role", errcode.SelfDemote, nil)
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		cur, err := found(s.db.UserForUpdate(ctx, id))
		if err != nil {
			return err
		}
		next.ID = id
		if err := s.db.UpdateUserProfile(ctx, next, s.now()); err != nil {
			return err
		}
		action := "user.update"
		summary := "changed: " + changedFields(map[string][2]string{
			"name": {cur.Name, next.Name}, "email": {cur.Email, next.Email}, "language": {cur.Language, next.Language},
		})
		if cur.Role != next.Role || cur.ClientID != next.ClientID {
			action = "user.role_change"
			summary = fmt.Sprintf("role %s (client %d) → %s (client %d); sessions ended", cur.Role, cur.ClientID, next.Role, next.ClientID)
			if _, err := s.db.DeleteUserSessions(ctx, id); err != nil {
				return err
			}
		}
		return s.db.InsertAudit(ctx, a.audit(s, action, "user", id, next.ClientID, "success", summary))
	}, func(ctx context.Context) (UserDetail, error) {
		return s.GetUser(ctx, a, id)
	})
	if errors.Is(err, store.ErrConflict) {
		return UserDetail{}, errEmailTaken
	}
	if err != nil {
		return UserDetail{}, err
	}
	return out, nil
}

// SetUserDisabled disables an account (its sessions end: the very next request is refused)
// or enables it again.
func (s *Service) SetUserDisabled(ctx context.Context, a Actor, id int64, disable bool) (UserDetail, error) {
	if err := s.authorize(ctx, a, ActManageUsers); err != nil {
		return UserDetail{}, err
	}
	if disable && id == a.UserID {
		return UserDetail{}, newErr(KindConflict, errcode.SelfDisable, nil)
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		cur, err := found(s.db.UserForUpdate(ctx, id))
		if err != nil {
			return err
		}
		if (cur.DisabledAt != nil) == disable {
			return nil
		}
		now := s.now()
		action, at := "user.enable", (*time.Time)(nil)
		if disable {
			action, at = "user.disable", &now
			if _, err := s.db.DeleteUserSessions(ctx, id); err != nil {
				return err
			}
		}
		if err := s.db.SetUserDisabled(ctx, id, at, now); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, action, "user", id, cur.ClientID, "success", cur.Email))
	}, func(ctx context.Context) (UserDetail, error) {
		return s.GetUser(ctx, a, id)
	})
	return out, err
}

// EndUserSessions signs an account out of every browser.
func (s *Service) EndUserSessions(ctx context.Context, a Actor, id int64) (int64, error) {
	if err := s.authorize(ctx, a, ActManageUsers); err != nil {
		return 0, err
	}
	var n int64
	err := s.db.Tx(ctx, func(ctx context.Context) error {
		u, err := found(s.db.UserForUpdate(ctx, id))
		if err != nil {
			return err
		}
		if n, err = s.db.DeleteUserSessions(ctx, id); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "user.sessions_end", "user", id, u.ClientID, "success", fmt.Sprintf("%d sessions ended", n)))
	})
	return n, err
}

// AccountInput is what users may change of their own account: never role, client or e-mail.
type AccountInput struct {
	Name     string `json:"name"`
	Language string `json:"language"`
}

// UpdateAccount lets users change their own display name and language.
func (s *Service) UpdateAccount(ctx context.Context, a Actor, in AccountInput) (store.User, error) {
	if err := s.authorize(ctx, a, ActOwnAccount); err != nil {
		return store.User{}, err
	}
	name, err := singleLine("name", errcode.LabelUserName, in.Name, true, 200)
	if err != nil {
		return store.User{}, err
	}
	if in.Language != "fr" && in.Language != "en" {
		return store.User{}, Invalid("language", errcode.LanguageUnknown, nil)
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		cur, err := s.db.UserForUpdate(ctx, a.UserID)
		if err != nil {
			return err
		}
		next := cur
		next.Name, next.Language = name, in.Language
		if err := s.db.UpdateUserProfile(ctx, next, s.now()); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "account.update", "user", a.UserID, a.ClientID, "success",
			"changed: "+changedFields(map[string][2]string{"name": {cur.Name, name}, "language": {cur.Language, in.Language}})))
	}, func(ctx context.Context) (store.User, error) {
		return s.db.UserByID(ctx, a.UserID)
	})
	return out, err
}
