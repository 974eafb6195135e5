package server

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/locale"
	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/portal"
	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
)

// addStaff adds an active member of the staff and returns its id.
func (h *harness) addStaff(email, name string) int64 {
	h.t.Helper()
	hash, err := password.Hash(portaltest.Password, portaltest.FastHash)
	if err != nil {
		h.t.Fatal(err)
	}
	id, err := h.db.InsertUser(context.Background(), store.User{Email: email, Name: name, Role: "admin", PasswordHash: hash}, time.Now().UTC())
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// Triage: staff set a retour's priority and assignee, one field at a time or both; the new
// assignee is notified (and nobody else), every change is audited, and a refusal writes nothing.
func TestRetourTriage(t *testing.T) {
	h := newHarness(t)
	zoeID := h.addStaff("zoe@bigdata.example", "Zoé Équipe")
	a1, adm, zoe := h.login(h.cast.A1.Email), h.login(h.cast.Admin.Email), h.login("zoe@bigdata.example")
	r := a1.retour(fmt.Sprintf("/api/v1/projects/%d/retours", h.cast.ProjectA.ID), map[string]any{"kind": "anomalie", "priority": "mineur",
		"title": "Le bouton Exporter ne répond pas"}, 201)
	path := fmt.Sprintf("/api/v1/admin/retours/%d", r.ID)
	tables := []string{"retours", "retour_events", "notifications", "audit_log"}

	refused := func(b *browser, body any, status int, code string) {
		t.Helper()
		before := portaltest.TableChecksums(t, h.db, tables...)
		res := b.do("PATCH", path, body)
		if res.status != status || (code != "" && res.errorCode(t) != code) {
			t.Errorf("PATCH %v = %d %s, want %d %s", body, res.status, res.body, status, code)
		}
		if status == 403 {
			return // the refusal itself is audited
		}
		if after := portaltest.TableChecksums(t, h.db, tables...); !maps.Equal(before, after) {
			t.Errorf("refused %v changed the database", body)
		}
	}
	refused(adm, map[string]any{}, 422, "retour_triage_empty")
	refused(adm, map[string]any{"priority": "urgent"}, 422, "retour_priority_unknown")
	refused(adm, map[string]any{"assignee_id": h.cast.A1.ID}, 422, "retour_assignee_invalid")
	refused(adm, map[string]any{"assignee_id": 987654}, 422, "retour_assignee_invalid")
	refused(adm, map[string]any{"priority": "bloquant", "assignee_id": h.cast.B1.ID}, 422, "retour_assignee_invalid")
	refused(a1, map[string]any{"priority": "bloquant"}, 403, "")
	if res := adm.do("PATCH", "/api/v1/admin/retours/987654", map[string]any{"priority": "bloquant"}); res.status != 404 {
		t.Errorf("triaging a missing retour = %d", res.status)
	}

	triage := func(body any) retourDetailView {
		t.Helper()
		res := adm.do("PATCH", path, body)
		if res.status != 200 {
			t.Fatalf("PATCH %v = %d %s", body, res.status, res.body)
		}
		var v retourDetailView
		res.json(t, &v)
		return v
	}
	got := triage(map[string]any{"priority": "bloquant", "assignee_id": zoeID})
	if got.Priority != "bloquant" || got.AssigneeID == nil || *got.AssigneeID != zoeID || got.AssigneeName != "Zoé Équipe" || got.Status != "nouveau" {
		t.Fatalf("triaged = %+v", got.retourView)
	}
	if !zoe.notified(r.ID, "assigned") || a1.notified(r.ID, "assigned") || adm.notified(r.ID, "assigned") {
		t.Error("only the new assignee hears of the assignment")
	}
	if bell := zoe.do("GET", "/api/v1/notifications", nil).body; !strings.Contains(bell, "Awa Admin vous a confié le retour « Le bouton Exporter ne répond pas »") {
		t.Errorf("the assignee's bell = %s", bell)
	}
	// The notification is a kind and parameters: the English reader's sentence comes from them.
	var bellItems struct {
		Items []struct {
			Kind   string          `json:"kind"`
			Params json.RawMessage `json:"params"`
		} `json:"items"`
	}
	zoe.do("GET", "/api/v1/notifications", nil).json(t, &bellItems)
	if len(bellItems.Items) != 1 {
		t.Fatalf("the assignee got %d notifications, want 1", len(bellItems.Items))
	}
	en, _ := portal.NotificationText(locale.English, store.Notification{Kind: bellItems.Items[0].Kind, Params: bellItems.Items[0].Params})
	if en != "Awa Admin assigned you the feedback “Le bouton Exporter ne répond pas” — Site vitrine Alpha" {
		t.Errorf("in English: %q", en)
	}
	// The same values again change nothing: no audit row, no second notification.
	triage(map[string]any{"priority": "bloquant", "assignee_id": zoeID})
	// One field alone keeps the other.
	got = triage(map[string]any{"priority": "majeur"})
	if got.Priority != "majeur" || got.AssigneeName != "Zoé Équipe" {
		t.Errorf("priority alone = %+v", got.retourView)
	}
	got = triage(map[string]any{"assignee_id": 0})
	if got.Priority != "majeur" || got.AssigneeID != nil || got.AssigneeName != "" {
		t.Errorf("unassigned = %+v", got.retourView)
	}
	var audit pageView[map[string]any]
	adm.do("GET", "/api/v1/admin/audit?action=retour.triage", nil).json(t, &audit)
	if audit.Total != 3 || !strings.Contains(fmt.Sprint(audit.Items), fmt.Sprintf("priority mineur → bloquant, assignee 0 → %d", zoeID)) {
		t.Errorf("triage audit = %d rows %v", audit.Total, audit.Items)
	}
	var bell struct {
		Items []map[string]any `json:"items"`
	}
	zoe.do("GET", "/api/v1/notifications", nil).json(t, &bell)
	if len(bell.Items) != 1 {
		t.Errorf("the assignee got %d notifications, want 1", len(bell.Items))
	}
	// The staff's list filters by the assignee set here.
	triage(map[string]any{"assignee_id": zoeID})
	var list pageView[retourView]
	adm.do("GET", fmt.Sprintf("/api/v1/admin/retours?assignee_id=%d&status=", zoeID), nil).json(t, &list)
	if list.Total != 1 || list.Items[0].ID != r.ID {
		t.Errorf("list by assignee = %+v", list)
	}
}
