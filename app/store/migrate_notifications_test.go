package store_test

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

// Migration 0011 reads the French sentences of the old notifications back into parameters;
// what it cannot read keeps its text.
func TestMigrationReadsOldNotificationsIntoParameters(t *testing.T) {
	ctx := context.Background()
	db := openEmpty(t)
	if err := db.MigrateTo(ctx, 10); err != nil {
		t.Fatal(err)
	}
	q, now := db.SQL(), time.Now().UTC()
	clientID, err := db.InsertClient(ctx, store.Client{Name: "Alpha", ContactEmail: "c@alpha.example"}, now)
	if err != nil {
		t.Fatal(err)
	}
	userID, err := db.InsertUser(ctx, store.User{Email: "a@alpha.example", Name: "Alice", Role: "client", ClientID: clientID, PasswordHash: "x"}, now)
	if err != nil {
		t.Fatal(err)
	}
	// The schema of migration 10 (today's InsertProject counts the project on its client's row, migration 0028).
	res, err := q.ExecContext(ctx, "INSERT INTO projects (client_id, name, description, status, created_at, updated_at) VALUES (?, 'Site — vitrine', '', 'en_cours', ?, ?)",
		clientID, now, now)
	if err != nil {
		t.Fatal(err)
	}
	projectID, err := res.LastInsertId()
	if err != nil {
		t.Fatal(err)
	}
	delID, err := db.InsertDeliverable(ctx, store.Deliverable{ProjectID: projectID, Title: "Maquettes"}, userID, now)
	if err != nil {
		t.Fatal(err)
	}
	// The schema of migration 10 (today's InsertVersion writes columns added since).
	for i, size := range []int64{1536, 2048} {
		if _, err := q.ExecContext(ctx, `INSERT INTO deliverable_versions (deliverable_id, project_id, number, file_key, file_name, content_type, size, sha256, note, uploaded_by, uploaded_at)
			VALUES (?, ?, ?, ?, 'm.pdf', 'application/pdf', ?, 's', '', ?, ?)`, delID, projectID, i+1, fmt.Sprint("k", i), size, userID, now); err != nil {
			t.Fatal(err)
		}
		if _, err := q.ExecContext(ctx, "UPDATE deliverables SET latest_version = ? WHERE id = ?", i+1, delID); err != nil {
			t.Fatal(err)
		}
	}
	old := []struct{ kind, title, body string }{
		{"message", "Nouveau message de Awa Admin — Site — vitrine", "Bonjour"},
		{"milestone", "Étape livrée : Recette — Site — vitrine", ""},
		{"status", "Le projet Site — vitrine est maintenant « En pause »", ""},
		{"deliverable", "Nouveau livrable à valider : Maquettes — Site — vitrine", "m.pdf (1,5 Ko)"},
		{"deliverable", "Nouvelle version (v2) à valider : Maquettes — Site — vitrine", "m.pdf (2 Ko)"},
		{"decision", "Alice a validé « Maquettes » v2 — Site — vitrine", ""},
		{"decision", "Alice demande des modifications sur « Maquettes » v1 — Site — vitrine", "Le logo"},
		{"overdue", "Étape en retard : Recette — Site — vitrine (Alpha)", "Prévue le 01/12/2026, non livrée depuis 3 jours."},
		{"deliverable", "Nouveau livrable à valider : Supprimé — Site — vitrine", "x.pdf (1 Ko)"},
	}
	for _, n := range old {
		if _, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, project_id, title, body, link, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, userID, n.kind, projectID, n.title, n.body, "/projets/1", now); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := q.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, title, body, link, created_at)
		VALUES (?, 'job_failure', 'Échec de la tâche planifiée : sauvegarde', 'disk full', '/admin', ?)`, userID, now); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}

	items, _, err := db.NotificationsOf(ctx, userID, false, 100)
	if err != nil {
		t.Fatal(err)
	}
	p, d := float64(projectID), float64(delID)
	want := []map[string]any{ // oldest first
		{"project_id": p, "author": "Awa Admin", "project": "Site — vitrine", "excerpt": "Bonjour"},
		{"project_id": p, "step": "Recette", "project": "Site — vitrine"},
		{"project_id": p, "project": "Site — vitrine", "status": "en_pause"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 1.0, "file": "m.pdf", "size": 1536.0, "project": "Site — vitrine"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 2.0, "file": "m.pdf", "size": 2048.0, "project": "Site — vitrine"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 2.0, "decision": "valide", "comment": "", "author": "Alice", "project": "Site — vitrine"},
		{"project_id": p, "deliverable_id": d, "deliverable": "Maquettes", "version": 1.0, "decision": "modifications", "comment": "Le logo", "author": "Alice", "project": "Site — vitrine"},
		{"project_id": p, "text": "Étape en retard : Recette — Site — vitrine (Alpha)", "body": "Prévue le 01/12/2026, non livrée depuis 3 jours."},
		{"project_id": p, "text": "Nouveau livrable à valider : Supprimé — Site — vitrine", "body": "x.pdf (1 Ko)"},
		{"job": "sauvegarde", "error": "disk full"},
	}
	if len(items) != len(want) {
		t.Fatalf("%d notifications after the migration, want %d", len(items), len(want))
	}
	for i, w := range want {
		n := items[len(items)-1-i]
		var got map[string]any
		if err := json.Unmarshal(n.Params, &got); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("%s %d: params %s (%v), want %v", n.Kind, i, n.Params, err, w)
		}
	}
}
