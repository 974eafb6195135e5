package store_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

// TestWaitingListsAgreeWithGo fills the demonstration (retours in every state) and checks each
// list of « À traiter » against the same rule applied in Go to every retour read plainly: for
// each client, and across clients for the staff's. A staff question that a client answered in
// its thread moves from the client's list to the staff's.
func TestWaitingListsAgreeWithGo(t *testing.T) {
	ctx := context.Background()
	db, now := demoFilled(t)
	type row struct {
		id, client, project    int64
		kind, priority, status string
		role                   string
		updated                time.Time
		answered               bool
	}
	// Two more staff questions, one answered by the client in its thread (the demo asks each client
	// its own, unanswered).
	var p struct{ id, client int64 }
	if err := db.SQL().QueryRowContext(ctx, "SELECT id, client_id FROM projects ORDER BY id LIMIT 1").Scan(&p.id, &p.client); err != nil {
		t.Fatal(err)
	}
	var clientUser int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT id FROM users WHERE client_id = ? LIMIT 1", p.client).Scan(&clientUser); err != nil {
		t.Fatal(err)
	}
	var questions []int64
	for _, title := range []string{"Quel navigateur utilisez-vous ?", "Avez-vous les accès ?"} {
		id, err := db.InsertRetour(ctx, store.Retour{ProjectID: p.id, Kind: "question", Priority: "mineur", Status: "nouveau", Title: title,
			OpenedName: "Équipe", OpenedRole: "admin", CreatedAt: now.Add(-72 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		questions = append(questions, id)
	}
	if _, err := db.InsertMessage(ctx, store.Message{ProjectID: p.id, RetourID: questions[1], AuthorID: clientUser, Body: "Oui.", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}

	rows, err := db.SQL().QueryContext(ctx, `SELECT r.id, r.client_id, r.project_id, r.kind, r.priority, r.status, r.opened_role, r.updated_at,
			EXISTS (SELECT 1 FROM messages m WHERE m.retour_id = r.id AND m.author_role = 'client' AND m.deleted_at IS NULL)
		FROM retours r`)
	if err != nil {
		t.Fatal(err)
	}
	var all []row
	clients := map[int64]bool{}
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.client, &r.project, &r.kind, &r.priority, &r.status, &r.role, &r.updated, &r.answered); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
		clients[r.client] = true
	}
	rows.Close()
	if len(all) < 50 {
		t.Fatalf("the demonstration has %d retours", len(all))
	}

	cutoff := now.Add(-30 * 24 * time.Hour)
	staffQuestion := func(r row) bool { return r.kind == "question" && r.role == "admin" && !r.answered }
	toAck := func(r row) bool { return r.status == "nouveau" || r.status == "rouvert" }
	rules := map[store.WaitingList]func(r row) bool{
		store.WaitingResolved: func(r row) bool { return r.status == "resolu" },
		store.WaitingQuestions: func(r row) bool {
			return staffQuestion(r) && r.status != "resolu" && r.status != "cloture"
		},
		store.WaitingNew: func(r row) bool { return toAck(r) && !staffQuestion(r) },
		store.WaitingBlocking: func(r row) bool {
			return r.priority == "bloquant" && r.status != "resolu" && r.status != "cloture" && !staffQuestion(r)
		},
		store.WaitingLate: func(r row) bool { return toAck(r) && r.updated.Before(cutoff) && !staffQuestion(r) },
	}
	check := func(list store.WaitingList, clientID int64) {
		t.Helper()
		var want []int64
		for _, r := range all {
			if (clientID == 0 || r.client == clientID) && rules[list](r) {
				want = append(want, r.id)
			}
		}
		got, total, err := db.WaitingRetours(ctx, store.WaitingFilter{List: list, ClientID: clientID, Before: cutoff, Limit: 1000})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, r := range got {
			if clientID != 0 && r.ClientID != clientID {
				t.Fatalf("%s of client %d holds retour %d of client %d", list, clientID, r.ID, r.ClientID)
			}
			ids = append(ids, r.ID)
		}
		slices.Sort(ids)
		if !slices.Equal(ids, want) || total != len(want) {
			t.Errorf("%s of client %d = %v (total %d), want %v", list, clientID, ids, total, want)
		}
	}
	for _, list := range []store.WaitingList{store.WaitingNew, store.WaitingBlocking, store.WaitingLate} {
		check(list, 0)
	}
	for c := range clients {
		check(store.WaitingResolved, c)
		check(store.WaitingQuestions, c)
	}
	// The unanswered question is the client's; the answered one the staff's.
	qs, _, _ := db.WaitingRetours(ctx, store.WaitingFilter{List: store.WaitingQuestions, ClientID: p.client, Limit: 50})
	waiting := map[int64]bool{}
	for _, q := range qs {
		waiting[q.ID] = true
	}
	if !waiting[questions[0]] || waiting[questions[1]] {
		t.Errorf("the client's questions = %v, want %d and not %d", qs, questions[0], questions[1])
	}

	// The page is the first of the order (longest waiting first) and the total counts them all.
	page, total, err := db.WaitingRetours(ctx, store.WaitingFilter{List: store.WaitingNew, Limit: 3})
	if err != nil || len(page) != 3 || total <= 3 {
		t.Fatalf("a page of 3 = %d items, total %d, %v", len(page), total, err)
	}
	if !slices.IsSortedFunc(page, func(a, b store.Retour) int { return a.UpdatedAt.Compare(b.UpdatedAt) }) {
		t.Errorf("the new retours are not longest waiting first")
	}
	if _, _, err := db.WaitingRetours(ctx, store.WaitingFilter{List: "other"}); err == nil {
		t.Errorf("an unknown list is not refused")
	}
}

// TestWaitingListsUseIndexes reads the plan of every statement of « À traiter » once the
// demonstration's retours and versions are two hundred times as many (with fresh statistics, so
// that the optimizer plans as at scale): none reads a whole table of retours, messages, versions
// or projects.
func TestWaitingListsUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, now := demoFilled(t)
	for _, q := range []string{
		`INSERT INTO retours (project_id, client_id, kind, priority, status, title, description, opened_by_name, opened_role, created_at, updated_at)
			SELECT r.project_id, r.client_id, r.kind, r.priority, r.status, r.title, '', r.opened_by_name, r.opened_role,
				r.created_at - INTERVAL s.seq DAY, r.updated_at - INTERVAL s.seq DAY
			FROM retours r JOIN seq_1_to_200 s`,
		`INSERT INTO deliverable_versions (deliverable_id, project_id, number, file_key, file_name, content_type, size, sha256, note, status, uploaded_by, uploaded_at)
			SELECT v.deliverable_id, v.project_id, v.number + 1000 * s.seq, MD5(CONCAT(v.file_key, s.seq)), v.file_name, v.content_type, v.size, v.sha256,
				'', v.status, v.uploaded_by, v.uploaded_at - INTERVAL s.seq DAY
			FROM deliverable_versions v JOIN seq_1_to_200 s`,
		"ANALYZE TABLE retours, deliverable_versions, projects, messages",
	} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var clientID int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT id FROM clients ORDER BY id LIMIT 1").Scan(&clientID); err != nil {
		t.Fatal(err)
	}
	type stmt struct {
		name string
		q    string
		args []any
	}
	var stmts []stmt
	for _, f := range []store.WaitingFilter{{List: store.WaitingResolved, ClientID: clientID}, {List: store.WaitingQuestions, ClientID: clientID},
		{List: store.WaitingNew}, {List: store.WaitingBlocking}, {List: store.WaitingLate, Before: now}} {
		f.Limit = 20
		q, args, err := store.WaitingSQL(f)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, stmt{string(f.List), q, args})
	}
	q, args := store.VersionsSQL(clientID, "en_attente", 20, true)
	stmts = append(stmts, stmt{"versions", q, args})
	// The tables by name or by their aliases in the statements.
	big := []string{"retours", "messages", "deliverable_versions", "projects", "r", "m", "v", "p"}
	for _, s := range stmts {
		for _, line := range storetest.Explain(t, db, s.q, s.args...) {
			// Each state's branch reads its index in the list's order and stops at the page.
			if (line["key"] == "ix_retours_waiting" || line["key"] == "ix_retours_blocking") && strings.Contains(line["Extra"], "filesort") {
				t.Errorf("%s sorts what it reads of %s: %v", s.name, line["key"], line)
			}
			if line["type"] == "ALL" && slices.Contains(big, line["table"]) {
				t.Errorf("%s reads the whole table %s: %v", s.name, line["table"], line)
			}
			if strings.HasPrefix(line["table"], "<derived") || line["type"] != "" {
				t.Logf("%s: %s %s key=%s rows=%s %s", s.name, line["table"], line["type"], line["key"], line["rows"], line["Extra"])
			}
		}
	}
}
