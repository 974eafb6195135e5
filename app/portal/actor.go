package portal

import "github.com/bigdatacenter/portal/app/store"

// Role is what a signed-in user is.
type Role string

const (
	RoleAdmin  Role = "admin"
	RoleClient Role = "client"
)

// Actor is who asks: resolved from the session by the server, never from the request body.
type Actor struct {
	UserID    int64
	Role      Role
	ClientID  int64 // the client company of a client user; 0 for admins
	Email     string
	IP        string
	UserAgent string
	RequestID string
	// HasTOTP is true when the user signed in with two-factor authentication turned on.
	HasTOTP bool
	// Language is the user's ("fr" or "en"): what the server writes for them (reports) uses it.
	Language string
}

// System is the actor of the command line and of scheduled jobs.
func System(what string) Actor { return Actor{Email: what} }

// IsAdmin reports whether the actor is staff.
func (a Actor) IsAdmin() bool { return a.Role == RoleAdmin && a.UserID != 0 }

// audit builds the audit row of an action by a.
func (a Actor) audit(s *Service, action, targetType string, targetID, clientID int64, outcome, summary string) store.AuditEntry {
	return store.AuditEntry{
		At: s.now(), ActorID: a.UserID, ActorRole: string(a.Role), ActorEmail: a.Email, IP: a.IP, UserAgent: a.UserAgent,
		Action: action, TargetType: targetType, TargetID: targetID, ClientID: clientID, Outcome: outcome,
		RequestID: a.RequestID, Summary: summary,
	}
}
