package portal

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// ClientInput is what an admin may set on a client company.
type ClientInput struct {
	Name         string `json:"name"`
	ContactName  string `json:"contact_name"`
	ContactEmail string `json:"contact_email"`
	Phone        string `json:"phone"`
	Address      string `json:"address"`
	Notes        string `json:"notes"`
}

func (in ClientInput) validate() (store.Client, error) {
	var c store.Client
	var f fields
	f.line(&c.Name, "name", errcode.LabelClientName, in.Name, true, 200)
	f.line(&c.ContactName, "contact_name", errcode.LabelContactName, in.ContactName, false, 200)
	if f.err == nil && strings.TrimSpace(in.ContactEmail) != "" {
		var err error
		if c.ContactEmail, err = NormalizeEmail(in.ContactEmail); err != nil {
			return c, Invalid("contact_email", errcode.ContactEmailInvalid, nil)
		}
	}
	f.line(&c.Phone, "phone", errcode.LabelPhone, in.Phone, false, 50)
	f.text(&c.Address, "address", errcode.LabelAddress, in.Address, false, 500)
	f.text(&c.Notes, "notes", errcode.LabelNotes, in.Notes, false, 5000)
	return c, f.err
}

var errClientNameTaken = &Error{Kind: KindConflict, Code: errcode.ClientNameTaken, Field: "name"}

// ClientList is one page of clients.
type ClientList = List[store.Client]

// ListClients lists active (or archived) clients, with a search on name and contact.
func (s *Service) ListClients(ctx context.Context, a Actor, search string, archived bool, p Page) (ClientList, error) {
	if err := s.authorize(ctx, a, ActManageClients); err != nil {
		return ClientList{}, err
	}
	limit, offset := p.bounds()
	items, total, err := s.db.ListClients(ctx, store.ClientFilter{Search: search, Archived: archived, Limit: limit, Offset: offset})
	return ClientList{Items: items, Total: total}, err
}

// GetClient returns one client.
func (s *Service) GetClient(ctx context.Context, a Actor, id int64) (store.Client, error) {
	return authorizedRow(ctx, s, a, ActManageClients, s.db.ClientByID, id)
}

// CreateClient adds a client company.
func (s *Service) CreateClient(ctx context.Context, a Actor, in ClientInput) (store.Client, error) {
	c, err := authorizedInput(ctx, s, a, ActManageClients, in.validate)
	if err != nil {
		return c, err
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		id, err := s.db.InsertClient(ctx, c, s.now())
		if err != nil {
			return err
		}
		c.ID = id
		return s.db.InsertAudit(ctx, a.audit(s, "client.create", "client", id, id, "success", fmt.Sprintf("client %q created", c.Name)))
	}, func(ctx context.Context) (store.Client, error) {
		return s.db.ClientByID(ctx, c.ID)
	})
	if errors.Is(err, store.ErrConflict) {
		return c, errClientNameTaken
	}
	if err != nil {
		return c, err
	}
	return out, nil
}

// UpdateClient edits a client company; the audit row lists the fields that changed.
func (s *Service) UpdateClient(ctx context.Context, a Actor, id int64, in ClientInput) (store.Client, error) {
	next, err := authorizedInput(ctx, s, a, ActManageClients, in.validate)
	if err != nil {
		return next, err
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		cur, err := found(s.db.ClientForUpdate(ctx, id))
		if err != nil {
			return err
		}
		next.ID = id
		changed := changedFields(map[string][2]string{
			"name": {cur.Name, next.Name}, "contact_name": {cur.ContactName, next.ContactName},
			"contact_email": {cur.ContactEmail, next.ContactEmail}, "phone": {cur.Phone, next.Phone},
			"address": {cur.Address, next.Address}, "notes": {cur.Notes, next.Notes},
		})
		if err := s.db.UpdateClient(ctx, next, s.now()); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "client.update", "client", id, id, "success", "changed: "+changed))
	}, func(ctx context.Context) (store.Client, error) {
		return s.db.ClientByID(ctx, id)
	})
	if errors.Is(err, store.ErrConflict) {
		return next, errClientNameTaken
	}
	if err != nil {
		return next, err
	}
	return out, nil
}

// changedFields names the keys whose two values differ, in a stable order.
func changedFields(f map[string][2]string) string {
	var out []string
	for k, v := range f {
		if v[0] != v[1] {
			out = append(out, k)
		}
	}
	if len(out) == 0 {
		return "nothing"
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// SetClientArchived archives a client (its users can no longer sign in; everything stays for
// the admins) or restores it.
func (s *Service) SetClientArchived(ctx context.Context, a Actor, id int64, archive bool) (store.Client, error) {
	if err := s.authorize(ctx, a, ActManageClients); err != nil {
		return store.Client{}, err
	}
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		cur, err := found(s.db.ClientForUpdate(ctx, id))
		if err != nil {
			return err
		}
		if (cur.ArchivedAt != nil) == archive {
			return nil // already in that state: nothing to do, nothing to audit
		}
		now := s.now()
		action, at := "client.restore", (*time.Time)(nil)
		if archive {
			action, at = "client.archive", &now
		}
		if err := s.db.SetClientArchived(ctx, id, at, now); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, action, "client", id, id, "success", fmt.Sprintf("client %q", cur.Name)))
	}, func(ctx context.Context) (store.Client, error) {
		return s.db.ClientByID(ctx, id)
	})
	return out, err
}

// DeleteClient removes a client for good. Only a client with nothing attached can go, and only
// when the admin typed its exact name to confirm.
func (s *Service) DeleteClient(ctx context.Context, a Actor, id int64, confirmName string) error {
	if err := s.authorize(ctx, a, ActManageClients); err != nil {
		return err
	}
	return s.db.Tx(ctx, func(ctx context.Context) error {
		cur, err := found(s.db.ClientForUpdate(ctx, id))
		if err != nil {
			return err
		}
		if strings.TrimSpace(confirmName) != cur.Name {
			return Invalid("confirm_name", errcode.ConfirmNameMismatch, errcode.Params{"name": cur.Name})
		}
		n, err := s.db.ClientAttachments(ctx, id)
		if err != nil {
			return err
		}
		if n > 0 {
			return newErr(KindConflict, errcode.ClientNotEmpty, errcode.Params{"count": n})
		}
		if err := s.db.DeleteClient(ctx, id); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "client.delete", "client", id, 0, "success", fmt.Sprintf("client %q deleted", cur.Name)))
	})
}
