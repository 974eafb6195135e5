package portal

import (
	"context"
	"fmt"

	"github.com/bigdatacenter/portal/app/portal/errcode"
)

// Action names what an actor wants to do; the policy table below says which roles may.
type Action string

const (
	ActManageClients Action = "clients.manage"
	ActManageUsers   Action = "users.manage"
	ActOwnAccount    Action = "account.own"
	// ActViewProjects: admins see every project; client users see their company's (object-level
	// rule in loadProject and in the SQL filter of ListProjects).
	ActViewProjects   Action = "projects.view"
	ActManageProjects Action = "projects.manage"
	// ActDecideDeliverables: validating or sending back a deliverable is the client's word;
	// staff cannot give it on the client's behalf.
	ActDecideDeliverables Action = "deliverables.decide"
)

// policy is the one table of who may do what. Object-level rules (a client user sees only its
// own company's objects) are applied by the queries and loaders of each use case on top of it.
var policy = map[Action]map[Role]bool{
	ActManageClients:      {RoleAdmin: true},
	ActManageUsers:        {RoleAdmin: true},
	ActOwnAccount:         {RoleAdmin: true, RoleClient: true},
	ActViewProjects:       {RoleAdmin: true, RoleClient: true},
	ActManageProjects:     {RoleAdmin: true},
	ActDecideDeliverables: {RoleClient: true},
}

// authorize checks the actor against the policy, and records a denial in the audit log.
func (s *Service) authorize(ctx context.Context, a Actor, act Action) error {
	if a.UserID == 0 {
		return ErrUnauthenticated
	}
	if !policy[act][a.Role] {
		s.auditDenied(ctx, a, string(act), "", 0, 0)
		return ErrForbidden
	}
	if a.Role == RoleAdmin && s.auth.RequireAdminTOTP && !a.HasTOTP && act != ActOwnAccount {
		return newErr(KindForbidden, errcode.TOTPRequired, nil)
	}
	return nil
}

// authorizedInput authorizes a for act and only then validates the input of a write, so that
// an actor who may not write learns nothing from the validation's answers.
func authorizedInput[T any](ctx context.Context, s *Service, a Actor, act Action, validate func() (T, error)) (T, error) {
	if err := s.authorize(ctx, a, act); err != nil {
		var zero T
		return zero, err
	}
	return validate()
}

// authorizedRow authorizes a for act and only then reads the row id: a missing one is
// ErrNotFound, and an actor who may not read learns nothing of which rows exist.
func authorizedRow[T any](ctx context.Context, s *Service, a Actor, act Action, read func(context.Context, int64) (T, error), id int64) (T, error) {
	return authorizedInput(ctx, s, a, act, func() (T, error) { return found(read(ctx, id)) })
}

// RequireStaff refuses anyone but staff, with the audit of a denial: the HTTP layer calls it
// before every staff-only route, in front of the use case's own authorization. what names
// the route.
func (s *Service) RequireStaff(ctx context.Context, a Actor, what string) error {
	if a.UserID == 0 {
		return ErrUnauthenticated
	}
	if !a.IsAdmin() {
		s.auditDenied(ctx, a, what, "", 0, 0)
		return ErrForbidden
	}
	return nil
}

// auditDenied records an access refused to a; it never fails the request.
func (s *Service) auditDenied(ctx context.Context, a Actor, what, targetType string, targetID, clientID int64) {
	e := a.audit(s, "access.denied", targetType, targetID, clientID, "denied", fmt.Sprintf("refused: %s", what))
	if err := s.db.InsertAudit(ctx, e); err != nil {
		s.log.Error("audit of a denied access failed", "err", err)
	}
}
