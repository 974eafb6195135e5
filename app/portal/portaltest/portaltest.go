// Package portaltest builds the cast of people that tests sign in as: an admin, two colleagues
// of client A, a user of client B and a disabled user of client A, all with known passwords.
package portaltest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"path/filepath"
	"testing"
	"time"

	"github.com/bigdatacenter/portal/app/files"
	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// Password is every fixture user's password.
const Password = "cheval-agrafe-batterie"

// FastHash keeps tests quick; production uses password.Default.
var FastHash = password.Params{MemoryKiB: 1024, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

// Cast is the fixture's people and companies.
type Cast struct {
	ClientA, ClientB             store.Client
	Admin, A1, A2, B1, DisabledA store.User
	// ProjectA (two steps) belongs to client A, ProjectB (one step) to client B.
	ProjectA, ProjectB     store.Project
	StepA1, StepA2, StepB1 store.Milestone
	// DeliverableA (on StepA1) and DeliverableB each have one version awaiting a decision.
	DeliverableA, DeliverableB store.Deliverable
	VersionA, VersionB         store.Version
	// MessageA (by A1, with AttachmentA) and MessageB (by B1) open each project's conversation.
	MessageA, MessageB       store.Message
	AttachmentA, AttachmentB store.Attachment
	// MessageAInternal is an internal note of the staff (Admin) in A's conversation, with
	// AttachmentAInternal: client users must never reach either.
	MessageAInternal    store.Message
	AttachmentAInternal store.Attachment
	// TaskA (visible to the client) and TaskAInternal are in StepA1, TaskB in StepB1.
	TaskA, TaskAInternal, TaskB store.Task
	// CalendarA1 and CalendarB1 are the secrets of A1's and B1's calendar feeds (on).
	CalendarA1, CalendarB1 string
	// RetourA (by A1, on StepA1 and VersionA) and RetourB (by B1) are new retours.
	RetourA, RetourB store.Retour
}

// FileContent is the content of the fixture deliverables' files.
var FileContent = []byte("%PDF-1.4 fixture deliverable\n")

// Files is a data disk of the test's own, for the cast's and the demonstration's files.
func Files(t testing.TB) *files.Store {
	t.Helper()
	fs, err := files.Open(filepath.Join(t.TempDir(), "files"))
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// New fills db with the cast; the deliverables' files go to fs.
func New(t testing.TB, db *store.DB, fs storage.Store) Cast {
	t.Helper()
	ctx := context.Background()
	now := time.Now().UTC()
	hash, err := password.Hash(Password, FastHash)
	if err != nil {
		t.Fatal(err)
	}
	var c Cast
	client := func(name string) store.Client {
		id, err := db.InsertClient(ctx, store.Client{Name: name, ContactEmail: "contact@" + name + ".example"}, now)
		return readBack(t, db.ClientByID, id, err)
	}
	user := func(email, name, role string, clientID int64) store.User {
		id, err := db.InsertUser(ctx, store.User{Email: email, Name: name, Role: role, ClientID: clientID, PasswordHash: hash}, now)
		return readBack(t, db.UserByID, id, err)
	}
	c.ClientA = client("alpha")
	c.ClientB = client("beta")
	c.Admin = user("admin@bigdata.example", "Awa Admin", "admin", 0)
	c.A1 = user("a1@alpha.example", "Alice Alpha", "client", c.ClientA.ID)
	c.A2 = user("a2@alpha.example", "Albert Alpha", "client", c.ClientA.ID)
	c.B1 = user("b1@beta.example", "Bob Beta", "client", c.ClientB.ID)
	// Enabled until the test has signed it in: see Disable.
	c.DisabledA = user("off@alpha.example", "Omar Off", "client", c.ClientA.ID)
	project := func(clientID int64, name string) store.Project {
		id, err := db.InsertProject(ctx, store.Project{ClientID: clientID, Name: name, Description: "Projet de test", Status: "en_cours", ManagerID: c.Admin.ID}, now)
		return readBack(t, db.ProjectByID, id, err)
	}
	step := func(projectID int64, title string) store.Milestone {
		id, err := db.InsertMilestone(ctx, store.Milestone{ProjectID: projectID, Title: title, Weight: 1, State: "a_venir"}, now)
		if err == nil {
			err = db.RecomputeProjectCounters(ctx, projectID, now)
		}
		return readBack(t, db.MilestoneByID, id, err)
	}
	c.ProjectA = project(c.ClientA.ID, "Site vitrine Alpha")
	c.StepA1 = step(c.ProjectA.ID, "Maquettes")
	c.StepA2 = step(c.ProjectA.ID, "Développement")
	c.ProjectB = project(c.ClientB.ID, "Application Beta")
	c.StepB1 = step(c.ProjectB.ID, "Cahier des charges")
	deliverable := func(p store.Project, milestoneID int64, title string) (store.Deliverable, store.Version) {
		saved, err := fs.Save(ctx, bytes.NewReader(FileContent), 1<<20, int64(len(FileContent)))
		if err != nil {
			t.Fatal(err)
		}
		id, err := db.InsertDeliverable(ctx, store.Deliverable{ProjectID: p.ID, MilestoneID: milestoneID, Title: title}, c.Admin.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		vid, _, err := db.InsertVersion(ctx, store.Version{DeliverableID: id, ProjectID: p.ID, FileKey: saved.Key,
			FileName: title + ".pdf", ContentType: "application/pdf", Size: saved.Size, SHA256: saved.SHA256}, c.Admin.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		d, err := db.DeliverableByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		v, err := db.VersionByID(ctx, vid)
		if err != nil {
			t.Fatal(err)
		}
		return d, v
	}
	c.DeliverableA, c.VersionA = deliverable(c.ProjectA, c.StepA1.ID, "Maquettes Alpha")
	c.DeliverableB, c.VersionB = deliverable(c.ProjectB, 0, "Cahier des charges Beta")
	message := func(p store.Project, author store.User, body, file string, internal bool) (store.Message, store.Attachment) {
		return addMessage(t, db, fs, store.Message{ProjectID: p.ID, AuthorID: author.ID, Body: body, CreatedAt: now, Internal: internal}, file)
	}
	c.MessageA, c.AttachmentA = message(c.ProjectA, c.A1, "Bonjour, où en est la maquette ?", "capture.pdf", false)
	c.MessageB, c.AttachmentB = message(c.ProjectB, c.B1, "Question sur le cahier des charges.", "capture.pdf", false)
	c.MessageAInternal, c.AttachmentAInternal = message(c.ProjectA, c.Admin, InternalNoteText, InternalNoteFile, true)
	task := func(m store.Milestone, title string, visible bool) store.Task {
		ids, err := db.InsertTasks(ctx, []store.Task{{ProjectID: m.ProjectID, MilestoneID: m.ID, Title: title, Status: "a_faire", Visible: visible}}, now)
		if err != nil {
			t.Fatal(err)
		}
		return readBack(t, db.TaskByID, ids[0], db.RecomputeProjectCounters(ctx, m.ProjectID, now))
	}
	c.TaskA = task(c.StepA1, "Maquette de la page d'accueil", true)
	c.TaskAInternal = task(c.StepA1, "Revue de code interne Alpha", false)
	c.TaskB = task(c.StepB1, "Recueil des besoins Beta", true)
	feed := func(u store.User, secret string) string {
		sum := sha256.Sum256([]byte(secret))
		if err := db.SetCalendarFeed(ctx, u.ID, sum[:], now); err != nil {
			t.Fatal(err)
		}
		return secret
	}
	c.CalendarA1 = feed(c.A1, "calendrier-secret-de-alice-alpha-0123456789")
	c.CalendarB1 = feed(c.B1, "calendrier-secret-de-bob-beta-0123456789")
	retour := func(p store.Project, author store.User, milestoneID, versionID int64, title string) store.Retour {
		id, err := db.InsertRetour(ctx, store.Retour{ProjectID: p.ID, MilestoneID: milestoneID, VersionID: versionID, Kind: "anomalie",
			Priority: "majeur", Status: "nouveau", Title: title, Description: "Constaté pendant la recette.", OpenedBy: author.ID,
			OpenedName: author.Name, OpenedRole: "client", CreatedAt: now})
		if err == nil {
			err = db.InsertRetourEvent(ctx, store.RetourEvent{RetourID: id, To: "nouveau", At: now, ByUserID: author.ID, ByName: author.Name, ByRole: "client"})
		}
		if err == nil {
			err = db.RecomputeRetourCounters(ctx, p.ID, now)
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := db.RetourByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	c.RetourA = retour(c.ProjectA, c.A1, c.StepA1.ID, c.VersionA.ID, "Le menu ne s'ouvre pas sur mobile")
	c.RetourB = retour(c.ProjectB, c.B1, 0, 0, "Faute dans le cahier des charges")
	return c
}

// addMessage writes a message with one file attached.
func addMessage(t testing.TB, db *store.DB, fs storage.Store, m store.Message, file string) (store.Message, store.Attachment) {
	t.Helper()
	ctx := context.Background()
	id, err := db.InsertMessage(ctx, m)
	if err != nil {
		t.Fatal(err)
	}
	saved, err := fs.Save(ctx, bytes.NewReader(FileContent), 1<<20, int64(len(FileContent)))
	if err != nil {
		t.Fatal(err)
	}
	aid, err := db.InsertAttachment(ctx, store.Attachment{ProjectID: m.ProjectID, UploadedBy: m.AuthorID, FileKey: saved.Key,
		FileName: file, ContentType: "application/pdf", Size: saved.Size, SHA256: saved.SHA256, CreatedAt: m.CreatedAt})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ClaimAttachments(ctx, []int64{aid}, id, m.ProjectID, m.AuthorID); err != nil {
		t.Fatal(err)
	}
	out, err := db.MessageByID(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return out, out.Attachments[0]
}

// RetourNote writes an internal note of the staff (Admin), with a file, in RetourA's thread: the
// internal objects of the retours' routes, kept out of the cast so that the cast's threads stay
// as the other tests count them.
func RetourNote(t testing.TB, db *store.DB, fs storage.Store, c Cast) (store.Message, store.Attachment) {
	t.Helper()
	return addMessage(t, db, fs, store.Message{ProjectID: c.ProjectA.ID, RetourID: c.RetourA.ID, AuthorID: c.Admin.ID, Body: RetourNoteText,
		CreatedAt: time.Now().UTC(), Internal: true}, RetourNoteFile)
}

// The internal notes of the cast (and RetourNote): words and file names found nowhere else, so
// that a test can look for them in anything a client receives.
const (
	InternalNoteText = "Note interne : marge négociée zanzibar, ne pas communiquer."
	InternalNoteFile = "chiffrage-zanzibar-interne.pdf"
	RetourNoteText   = "Note interne du retour : pénalité quokka à chiffrer, ne pas communiquer."
	RetourNoteFile   = "analyse-quokka-interne.pdf"
)

// Disable turns an account off behind the portal's back, as an admin would from another browser.
func Disable(t testing.TB, db *store.DB, userID int64) {
	t.Helper()
	now := time.Now().UTC()
	if err := db.SetUserDisabled(context.Background(), userID, &now, now); err != nil {
		t.Fatal(err)
	}
}

// TableChecksums fingerprints tables, so a test can prove that a refused request changed nothing.
func TableChecksums(t testing.TB, db *store.DB, tables ...string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tb := range tables {
		var name string
		var sum int64
		if err := db.SQL().QueryRow("CHECKSUM TABLE "+tb).Scan(&name, &sum); err != nil {
			t.Fatal(err)
		}
		out[tb] = sum
	}
	return out
}

// readBack returns the row of id that an insert added, read again by read; err is the insert's,
// and an error of either fails the test.
func readBack[T any](t testing.TB, read func(context.Context, int64) (T, error), id int64, err error) T {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	v, err := read(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}
