package server

import (
	"fmt"
	"testing"
)

// A route that sends one value beside its :id reads it as a body field is read: by its name,
// without regard to case; a value of the wrong type is a malformed body; a missing one is empty.
func TestOneValueBodies(t *testing.T) {
	h, adm := newAdminHarness(t)
	status := fmt.Sprintf("/api/v1/admin/tasks/%d/status", h.cast.TaskA.ID)
	var task taskView
	if r := adm.do("POST", status, `{"Status": "en_cours"}`); r.status != 200 {
		t.Fatalf("status in another case = %d %s", r.status, r.body)
	} else if r.json(t, &task); task.Status != "en_cours" {
		t.Fatalf("status = %q, want en_cours", task.Status)
	}
	if r := adm.do("POST", status, `{"status": 5}`); r.status != 422 || r.errorCode(t) != "bad_json" {
		t.Fatalf("a number for the status = %d %s", r.status, r.body)
	}
	if r := adm.do("POST", status, `{"statut": "terminee"}`); r.status != 422 || r.errorCode(t) != "task_status_unknown" {
		t.Fatalf("no status = %d %s", r.status, r.body)
	}
	if r := adm.do("DELETE", fmt.Sprintf("/api/v1/admin/clients/%d", h.cast.ClientA.ID), `{"confirm_name": "Autre"}`); r.status != 422 ||
		r.errorCode(t) != "confirm_name_mismatch" {
		t.Fatalf("wrong confirmation = %d %s", r.status, r.body)
	}
}
