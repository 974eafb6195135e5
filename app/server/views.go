package server

import (
	"time"

	"github.com/bigdatacenter/portal/app/portal"
)

// The API's JSON shapes: built from domain values, so that a new column never leaks by itself.

type userView struct {
	ID                int64      `json:"id"`
	Email             string     `json:"email"`
	Name              string     `json:"name"`
	Role              string     `json:"role"`
	ClientID          *int64     `json:"client_id"`
	ClientName        *string    `json:"client_name"`
	Language          string     `json:"language"`
	TOTPEnabled       bool       `json:"totp_enabled"`
	Disabled          bool       `json:"disabled"`
	PasswordSet       bool       `json:"password_set"`
	LastLoginAt       *time.Time `json:"last_login_at"`
	CreatedAt         time.Time  `json:"created_at"`
	OpenSessions      *int       `json:"open_sessions,omitempty"`
	InvitationPending *bool      `json:"invitation_pending,omitempty"`
}

func viewUser(u portal.User) userView {
	v := userView{ID: u.ID, Email: u.Email, Name: u.Name, Role: u.Role, Language: u.Language, TOTPEnabled: u.TOTPEnabledAt != nil,
		Disabled: u.DisabledAt != nil, PasswordSet: u.PasswordHash != "", LastLoginAt: u.LastLoginAt, CreatedAt: u.CreatedAt}
	if u.ClientID != 0 {
		id, name := u.ClientID, u.ClientName
		v.ClientID, v.ClientName = &id, &name
	}
	return v
}

func viewUserDetail(d portal.UserDetail) userView {
	v := viewUser(d.User)
	v.OpenSessions, v.InvitationPending = &d.OpenSessions, &d.InvitationPending
	return v
}

type clientView struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	ContactName  string     `json:"contact_name"`
	ContactEmail string     `json:"contact_email"`
	Phone        string     `json:"phone"`
	Address      string     `json:"address"`
	Notes        string     `json:"notes"`
	Archived     bool       `json:"archived"`
	ArchivedAt   *time.Time `json:"archived_at"`
	UserCount    int        `json:"user_count"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
}

func viewClient(c portal.Client) clientView {
	return clientView{ID: c.ID, Name: c.Name, ContactName: c.ContactName, ContactEmail: c.ContactEmail, Phone: c.Phone,
		Address: c.Address, Notes: c.Notes, Archived: c.ArchivedAt != nil, ArchivedAt: c.ArchivedAt, UserCount: c.UserCount,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

// pageView is the envelope of every paginated list.
type pageView[T any] struct {
	Items   []T `json:"items"`
	Total   int `json:"total"`
	Page    int `json:"page"`
	PerPage int `json:"per_page"`
}

func mapSlice[A, B any](in []A, f func(A) B) []B {
	out := make([]B, 0, len(in))
	for _, a := range in {
		out = append(out, f(a))
	}
	return out
}
