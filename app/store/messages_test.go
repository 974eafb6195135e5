package store_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/portal/portaltest"
	"github.com/bigdatacenter/portal/app/store"
	"github.com/bigdatacenter/portal/app/store/storetest"
)

func castDB(t *testing.T) (*store.DB, portaltest.Cast) {
	t.Helper()
	db := storetest.New(t)
	return db, portaltest.New(t, db, portaltest.Files(t))
}

func insertMessage(t *testing.T, db *store.DB, m store.Message) store.Message {
	t.Helper()
	id, err := db.InsertMessage(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	m.ID = id
	return m
}

// The tokeniser of the database (writes) and of Go (searches) agree: every word SearchWords
// finds in a text finds the message back, whatever the case, accents and punctuation.
func TestMessageWordsMatchSearchWords(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	body := "Œuvre «livrée» l'été : RÉUNION n°12, 10h30 — straße/naïve; ok? x2 " + "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz"
	m := insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: body, CreatedAt: time.Now().UTC()})
	words := store.SearchWords(body)
	want := []string{"œuvre", "livrée", "été", "réunion", "10h30", "straße", "naïve", "abcdefghijklmnopqrstuvwxyzabcdefghijklmn"}
	if !slices.Equal(words, want) {
		t.Fatalf("SearchWords = %q, want %q", words, want)
	}
	for _, w := range append(words, "REUNION", "livree", "ete", "Naive", body) {
		items, total, err := db.History().WithSearch(w).WithPage(10, 0).Messages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(items) != 1 || items[0].ID != m.ID {
			t.Errorf("search %q = %d results", w, total)
		}
	}
	var n int
	if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM message_words WHERE message_id = ?", m.ID).Scan(&n); err != nil || n != len(words) {
		t.Fatalf("indexed words = %d (%v), want %d", n, err, len(words))
	}
	// Too short to be words (« ok », « x2 », « 12 »), or no word at all: nothing matches.
	for _, s := range []string{"ok", "x2 12", "?!"} {
		if items, total, err := db.History().WithSearch(s).WithPage(10, 0).Messages(ctx); err != nil || total != 0 || len(items) != 0 {
			t.Errorf("search %q = %d results (%v)", s, total, err)
		}
	}
}

// Editing a message re-indexes it; deleting it removes its words, from the search and from the
// listing.
func TestSearchFollowsEditsAndDeletions(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	m := insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, Body: "La facture est jointe", CreatedAt: now})
	count := func(q string) int {
		t.Helper()
		_, total, err := db.History().WithSearch(q).WithPage(10, 0).Messages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return total
	}
	if count("facture") != 1 {
		t.Fatal("new message not found")
	}
	if err := db.EditMessage(ctx, m.ID, "Le devis est joint", now); err != nil {
		t.Fatal(err)
	}
	if count("facture") != 0 || count("devis joint") != 1 || count("joint") != 1 {
		t.Fatalf("after edit: facture %d, devis joint %d", count("facture"), count("devis joint"))
	}
	if err := db.DeleteMessage(ctx, m.ID, now); err != nil {
		t.Fatal(err)
	}
	if count("devis") != 0 || count("joint") != 0 {
		t.Fatal("deleted message still found")
	}
	items, total, err := db.History().WithProject(c.ProjectA.ID).WithPage(10, 0).Messages(ctx)
	if err != nil || total != 2 || items[0].ID != c.MessageAInternal.ID || items[1].ID != c.MessageA.ID { // the cast's two, the staff's note the newer
		t.Fatalf("listing after delete = %d %v", total, err)
	}
	// No page past MaxCounted (the total still says how many there are).
	if items, total, err := db.History().WithPage(10, store.MaxCounted).Messages(ctx); err != nil || len(items) != 0 || total != 3 {
		t.Fatalf("past MaxCounted = %d items, total %d, %v", len(items), total, err)
	}
	var left int
	if err := db.SQL().QueryRowContext(ctx, "SELECT COUNT(*) FROM message_words WHERE message_id = ?", m.ID).Scan(&left); err != nil || left != 0 {
		t.Fatalf("words left = %d %v", left, err)
	}
}

// Whichever index a search starts from (a word, the project, the client's projects, the author,
// the period), it lists the same messages in the same order as a plain reading of the table
// would, page after page, with the same total.
func TestSearchEveryStreamAgrees(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	projectA2, err := db.InsertProject(ctx, store.Project{ClientID: c.ClientA.ID, Name: "Intranet Alpha", Status: "en_cours"}, time.Now().UTC())
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	projects := []struct{ id, client int64 }{{c.ProjectA.ID, c.ClientA.ID}, {projectA2, c.ClientA.ID}, {c.ProjectB.ID, c.ClientB.ID}}
	authors := []int64{c.Admin.ID, c.A1.ID, c.A2.ID, c.B1.ID}
	lines := []string{"La livraison est prévue vendredi.", "Merci pour la livraison.", "Réunion jeudi ?", "La facture de la livraison suit.", "Nouvelle version en ligne."}
	type ref struct {
		store.Message
		client int64
	}
	var all []ref
	for i := 0; i < 90; i++ {
		p := projects[i%3]
		author := authors[i%4]
		if p.client == c.ClientB.ID && (author == c.A1.ID || author == c.A2.ID) {
			author = c.B1.ID
		}
		if p.client == c.ClientA.ID && author == c.B1.ID {
			author = c.A1.ID
		}
		// Dates go back and forth against the ids, with ties: the order is by date, then id.
		at := base.Add(time.Duration((i*37)%60) * 6 * time.Hour)
		m := insertMessage(t, db, store.Message{ProjectID: p.id, AuthorID: author, Body: lines[(i*7)%5], CreatedAt: at})
		m.CreatedAt = at
		all = append(all, ref{m, p.client})
	}
	for _, i := range []int{3, 40} {
		if err := db.DeleteMessage(ctx, all[i].ID, base); err != nil {
			t.Fatal(err)
		}
		all[i].DeletedAt = &base
	}
	for _, fixture := range []store.Message{c.MessageA, c.MessageB, c.MessageAInternal} { // dated now, by their authors
		client := c.ClientA.ID
		if fixture.ProjectID == c.ProjectB.ID {
			client = c.ClientB.ID
		}
		all = append(all, ref{fixture, client})
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].CreatedAt.Equal(all[j].CreatedAt) {
			return all[i].CreatedAt.After(all[j].CreatedAt)
		}
		return all[i].ID > all[j].ID
	})
	day := func(d int) *time.Time { t := base.AddDate(0, 0, d); return &t }
	filters := []filter{
		{},
		{Search: "livraison"},
		{Search: "LIVRAISON prévue"},
		{Search: "la livraison", ClientID: c.ClientA.ID},
		{Search: "livraison", ProjectID: projectA2},
		{Search: "livraison", AuthorID: c.Admin.ID, From: day(3), To: day(12)},
		{Search: "livraison facture", ClientID: c.ClientA.ID, AuthorID: c.A1.ID},
		{ClientID: c.ClientA.ID},
		{ClientID: c.ClientA.ID, AuthorID: c.Admin.ID},
		{ClientID: c.ClientA.ID, ProjectID: c.ProjectB.ID},
		{ClientID: c.ClientB.ID, ProjectID: c.ProjectB.ID, From: day(5)},
		{AuthorID: c.A2.ID},
		{From: day(2), To: day(4)},
		{Search: "réunion", From: day(100)},
		{Search: "absent"},
	}
	for i, f := range filters {
		var want []int64
		for _, m := range all {
			if m.DeletedAt != nil || (f.ClientID != 0 && m.client != f.ClientID) || (f.ProjectID != 0 && m.ProjectID != f.ProjectID) ||
				(f.AuthorID != 0 && m.AuthorID != f.AuthorID) || (f.From != nil && m.CreatedAt.Before(*f.From)) || (f.To != nil && !m.CreatedAt.Before(*f.To)) {
				continue
			}
			if f.Search != "" && !containsAll(store.SearchWords(m.Body), store.SearchWords(f.Search)) {
				continue
			}
			want = append(want, m.ID)
		}
		for _, page := range []struct{ limit, offset int }{{7, 0}, {7, 7}, {25, 0}, {5, 30}} {
			f.Limit, f.Offset = page.limit, page.offset
			pages, totals, err := f.query(db).EveryWay(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantPage := want[min(page.offset, len(want)):min(page.offset+page.limit, len(want))]
			if page.offset == 0 && page.limit == 7 {
				t.Logf("filter %d: %d ways, %d matches", i, len(pages), len(want))
			}
			for way := range pages {
				got := make([]int64, len(pages[way]))
				for k, m := range pages[way] {
					got[k] = m.ID
				}
				if !slices.Equal(got, wantPage) || totals[way] != len(want) {
					t.Errorf("filter %d %+v, page %+v, way %d of %d: got %v (total %d), want %v (total %d)",
						i, f, page, way, len(pages), got, totals[way], wantPage, len(want))
				}
			}
		}
	}
	// Page by page with a cursor, ties of dates included, every message comes once.
	const limit = 4
	hq := db.History().WithSearch("livraison").WithPage(limit, 0)
	var got []int64
	for {
		items, _, err := hq.Messages(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range items {
			got = append(got, m.ID)
		}
		if len(items) < limit {
			break
		}
		last := items[len(items)-1]
		hq.Before(store.MessageCursor{CreatedAt: last.CreatedAt, ID: last.ID})
	}
	var want []int64
	for _, m := range all {
		if m.DeletedAt == nil && slices.Contains(store.SearchWords(m.Body), "livraison") {
			want = append(want, m.ID)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("cursor pages = %v\nwant %v", got, want)
	}
}

// filter is a history search as the test writes it down, to check each result against.
type filter struct {
	ClientID, ProjectID, AuthorID int64
	From, To                      *time.Time
	Search                        string
	Limit, Offset                 int
}

func (f filter) query(db *store.DB) *store.HistoryQuery {
	return db.History().WithClient(f.ClientID).WithProject(f.ProjectID).WithAuthor(f.AuthorID).
		WithPeriod(f.From, f.To).WithSearch(f.Search).WithPage(f.Limit, f.Offset)
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}

// Unread counts: others' messages after the marker, not deleted, at most UnreadCap per project.
func TestUnreadCounts(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	now := time.Now().UTC()
	post := func(p int64, author int64, n int) (last int64) {
		for i := 0; i < n; i++ {
			last = insertMessage(t, db, store.Message{ProjectID: p, AuthorID: author, Body: fmt.Sprintf("message %d", i), CreatedAt: now}).ID
		}
		return last
	}
	counts := func() map[int64]int {
		t.Helper()
		got, err := db.UnreadCounts(ctx, c.A2.ID, []int64{c.ProjectA.ID, c.ProjectB.ID}, false)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// No marker yet: the fixtures' messages by A1 and B1 count (whoever may see the projects).
	if got := counts(); got[c.ProjectA.ID] != 1 || got[c.ProjectB.ID] != 1 || len(got) != 2 {
		t.Fatalf("before = %v", got)
	}
	read := post(c.ProjectA.ID, c.Admin.ID, 3)
	if err := db.MarkRead(ctx, c.A2.ID, c.ProjectA.ID, read); err != nil {
		t.Fatal(err)
	}
	post(c.ProjectA.ID, c.A2.ID, 2) // A2's own messages never count, even after its marker
	last := post(c.ProjectA.ID, c.Admin.ID, 4)
	if err := db.DeleteMessage(ctx, last, now); err != nil {
		t.Fatal(err)
	}
	if got := counts(); got[c.ProjectA.ID] != 3 || got[c.ProjectB.ID] != 1 {
		t.Fatalf("after marker, own and deleted messages = %v", got)
	}
	// Past the cap, the count stops at UnreadCap (« 99+ »).
	post(c.ProjectA.ID, c.A1.ID, store.UnreadCap+5)
	if got := counts(); got[c.ProjectA.ID] != store.UnreadCap {
		t.Fatalf("capped = %v", got)
	}
	if got, err := db.UnreadCounts(ctx, c.A2.ID, nil, false); err != nil || len(got) != 0 {
		t.Fatalf("no projects = %v %v", got, err)
	}
}

// An internal note (staff only): read only by staff readers, counted unread only for them, its
// files marked, and never an answer to a client message, on write or in the backfill.
func TestInternalNotes(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	t0 := time.Now().UTC().Truncate(time.Second)
	question := insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, Body: "Une question ?", CreatedAt: t0})
	note := insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "À voir en interne", CreatedAt: t0.Add(time.Minute), Internal: true})
	answeredAt := func() *time.Time {
		t.Helper()
		var at *time.Time
		if err := db.SQL().QueryRowContext(ctx, "SELECT answered_at FROM messages WHERE id = ?", question.ID).Scan(&at); err != nil {
			t.Fatal(err)
		}
		return at
	}
	if at := answeredAt(); at != nil {
		t.Fatalf("an internal note answered the client's message at %v", at)
	}
	reply := insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "Voici", CreatedAt: t0.Add(time.Hour)})
	if at := answeredAt(); at == nil || !at.Equal(reply.CreatedAt) {
		t.Fatalf("answered at %v, want the public reply's %v", at, reply.CreatedAt)
	}
	if _, err := db.SQL().ExecContext(ctx, "UPDATE messages SET answered_at = NULL"); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	if at := answeredAt(); at == nil || !at.Equal(reply.CreatedAt) {
		t.Fatalf("backfilled answer at %v, want the public reply's %v (not the note's)", at, reply.CreatedAt)
	}

	ids := func(withInternal bool) []int64 {
		ms, err := db.ProjectMessages(ctx, c.ProjectA.ID, 0, 0, 50, withInternal)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, m := range ms {
			if m.Internal != (m.ID == note.ID || m.ID == c.MessageAInternal.ID) {
				t.Errorf("message %d read as internal = %v", m.ID, m.Internal)
			}
			out = append(out, m.ID)
		}
		return out
	}
	if got, want := ids(false), []int64{c.MessageA.ID, question.ID, reply.ID}; !slices.Equal(got, want) {
		t.Errorf("the client's thread = %v, want %v", got, want)
	}
	if got, want := ids(true), []int64{c.MessageA.ID, c.MessageAInternal.ID, question.ID, note.ID, reply.ID}; !slices.Equal(got, want) {
		t.Errorf("the staff's thread = %v, want %v", got, want)
	}

	// Unread: A2 (client) sees A1's two and the reply; a second admin also the two notes.
	staff2, err := db.InsertUser(ctx, store.User{Email: "zoe@bigdata.example", Name: "Zoé", Role: "admin"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		user         int64
		withInternal bool
		want         int
	}{{c.A2.ID, false, 3}, {staff2, true, 5}} {
		got, err := db.UnreadCounts(ctx, tc.user, []int64{c.ProjectA.ID}, tc.withInternal)
		if err != nil || got[c.ProjectA.ID] != tc.want {
			t.Errorf("unread of %d (internal %v) = %v %v, want %d", tc.user, tc.withInternal, got, err, tc.want)
		}
	}

	// The client's count stays index-only: ix_messages_project carries the flag (migration 0017).
	for _, row := range storetest.Explain(t, db, `SELECT 1 FROM messages FORCE INDEX (ix_messages_project)
		WHERE project_id = ? AND id > 0 AND author_id <> ? AND deleted_at IS NULL AND internal = 0`, c.ProjectA.ID, c.A2.ID) {
		if !strings.Contains(row["Extra"], "Using index") {
			t.Errorf("the client's unread count reads rows: %s", row["Extra"])
		}
	}

	for _, tc := range []struct {
		id   int64
		want bool
	}{{c.AttachmentA.ID, false}, {c.AttachmentAInternal.ID, true}} {
		a, err := db.AttachmentByID(ctx, tc.id)
		if err != nil || a.Internal != tc.want {
			t.Errorf("attachment %d internal = %v %v, want %v", tc.id, a.Internal, err, tc.want)
		}
	}
}

// After a bulk load, BackfillAnswers leaves each project's oldest unanswered client message
// where InsertMessage looks for it: the next staff message answers exactly the client messages
// since the last staff one, and a client message after that is unanswered again.
func TestStaffMessageAfterABulkLoadAnswersTheTrailingClientMessages(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	// The fixture's client message is answered: nothing is waiting before the load.
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse 0", CreatedAt: t0})
	bulk := []store.Message{
		{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, AuthorRole: "client", Body: "question 1", CreatedAt: t0},
		{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, AuthorRole: "admin", Body: "réponse 1", CreatedAt: t0.Add(time.Minute)},
		{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, AuthorRole: "client", Body: "question 2", CreatedAt: t0.Add(2 * time.Minute)},
		{ProjectID: c.ProjectA.ID, AuthorID: c.A2.ID, AuthorRole: "client", Body: "question 3", CreatedAt: t0.Add(3 * time.Minute)},
	}
	if err := db.BulkInsertMessages(ctx, bulk); err != nil {
		t.Fatal(err)
	}
	if err := db.BackfillAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	answer := t0.Add(10 * time.Minute)
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse 2", CreatedAt: answer})
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.A1.ID, Body: "question 4", CreatedAt: answer.Add(time.Minute)})
	// question 4 waits for an answer.
	checkAnswers(t, db, c.ProjectA.ID, map[string]*time.Time{"question 1": ptr(t0.Add(time.Minute)), "question 2": &answer, "question 3": &answer, "question 4": nil}, true)
}

func ptr[T any](v T) *T { return &v }

// checkAnswers compares the answered_at of each message (by its body; nil: unanswered) with
// want, and whether the project's conversation waits for an answer (its unanswered_from).
func checkAnswers(t *testing.T, db *store.DB, projectID int64, want map[string]*time.Time, waiting bool) {
	t.Helper()
	ctx := context.Background()
	for body, w := range want {
		var got *time.Time
		if err := db.SQL().QueryRowContext(ctx, "SELECT answered_at FROM messages WHERE body = ?", body).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if (got == nil) != (w == nil) || got != nil && !got.Equal(*w) {
			t.Errorf("%s answered_at = %v, want %v", body, got, w)
		}
	}
	var from *int64
	if err := db.SQL().QueryRowContext(ctx, "SELECT unanswered_from FROM projects WHERE id = ?", projectID).Scan(&from); err != nil || (from != nil) != waiting {
		t.Errorf("unanswered_from = %v, %v; want a waiting conversation: %v", from, err, waiting)
	}
}

// A retour's thread answers its own client messages only: a staff message in the project's
// conversation leaves a retour's question waiting (and the other way round), and the
// conversation's unanswered_from never points at a retour's message.
func TestRetourThreadsAreAnsweredOnTheirOwn(t *testing.T) {
	db, c := castDB(t)
	ctx := context.Background()
	t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Hour)
	r := c.RetourA.ID
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse 0", CreatedAt: t0})
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, RetourID: r, AuthorID: c.A1.ID, Body: "question retour", CreatedAt: t0.Add(time.Minute)})
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.A2.ID, Body: "question projet", CreatedAt: t0.Add(2 * time.Minute)})
	conversation := t0.Add(5 * time.Minute)
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, AuthorID: c.Admin.ID, Body: "réponse projet", CreatedAt: conversation})
	thread := t0.Add(9 * time.Minute)
	want := map[string]*time.Time{"question retour": nil, "question projet": &conversation}
	// The conversation waits for nothing throughout.
	check := func() { t.Helper(); checkAnswers(t, db, c.ProjectA.ID, want, false) }
	check()
	insertMessage(t, db, store.Message{ProjectID: c.ProjectA.ID, RetourID: r, AuthorID: c.Admin.ID, Body: "réponse retour", CreatedAt: thread})
	want["question retour"] = &thread
	check()
	// The same after a bulk load and its backfill.
	if err := db.BackfillAnswers(ctx); err != nil {
		t.Fatal(err)
	}
	check()
	ms, err := db.ProjectMessages(ctx, c.ProjectA.ID, r, 0, 10, true)
	if err != nil || len(ms) != 2 || ms[0].Body != "question retour" || ms[1].RetourID != r {
		t.Fatalf("the retour's thread = %+v, %v", ms, err)
	}
	conv, err := db.ProjectMessages(ctx, c.ProjectA.ID, 0, 0, 10, true)
	for _, m := range conv {
		if m.RetourID != 0 {
			t.Errorf("the conversation shows the retour's message %q", m.Body)
		}
	}
	if err != nil || len(conv) != 5 { // the fixture's message and internal note, réponse 0, question and réponse projet
		t.Fatalf("the conversation = %d messages, %v", len(conv), err)
	}
}
