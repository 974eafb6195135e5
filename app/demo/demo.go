// Package demo fills an empty database with a realistic French dataset, for trying the portal
// and for training (N6), or with a large generated one for benchmarks (N2).
package demo

import (
	"context"
	crand "crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/bigdatacenter/portal/app/password"
	"github.com/bigdatacenter/portal/app/storage"
	"github.com/bigdatacenter/portal/app/store"
)

// Size says how much to generate.
type Size struct {
	Clients           int
	UsersPerClient    int
	ProjectsPerClient int
	StepsPerProject   int
	Admins            int
	// MessagesPerProject and VersionsPerProject fill conversations and deliverables (versions
	// need a file store; without one, none are made).
	MessagesPerProject int
	VersionsPerProject int
	// Probes adds one client per entry, with one user (temoinN@client-temoinN.example) and N
	// projects of ProbeSteps steps each: the per-client-size benchmark reads their lists.
	Probes     []int
	ProbeSteps int
	// TasksPerStep fills each step with tasks in every status, a quarter of them internal.
	TasksPerStep int
	// RetoursPerProject are retours in every state, each with a short thread.
	RetoursPerProject int
}

// Times multiplies the clients of a size (and so its projects, messages, versions and retours);
// the probe clients stay as they are.
func (s Size) Times(n int) Size {
	s.Clients *= n
	return s
}

// Small is the hand-made demonstration; Scale is the benchmark dataset of the performance issue:
// 500 clients, 1 500 client users, 5 000 projects, 50 000 milestones (50 tasks per project),
// 100 000 retours, and three probe clients with 5, 50 and 500 projects of 20 steps (555 more
// projects).
var (
	Small = Size{Clients: 6, UsersPerClient: 2, ProjectsPerClient: 2, StepsPerProject: 5, Admins: 3, MessagesPerProject: 6, VersionsPerProject: 2,
		TasksPerStep: 4, RetoursPerProject: 7}
	Scale = Size{Clients: 500, UsersPerClient: 3, ProjectsPerClient: 10, StepsPerProject: 10, Admins: 10, MessagesPerProject: 100, VersionsPerProject: 10,
		TasksPerStep: 5, RetoursPerProject: 20, Probes: []int{5, 50, 500}, ProbeSteps: 20}
)

// ErrNotEmpty: the demo only fills a database without clients, so it never mixes with real data.
var ErrNotEmpty = errors.New("the database already has clients: the demo only fills an empty portal")

// Result says what was created and how to sign in.
type Result struct {
	Counts     map[string]int
	AdminEmail string
	UserEmail  string
	Password   string
	// Steps are the load's stages with their durations, in order: where a large load's time goes.
	Steps []Step
}

// Step is one stage of a load and how long it took.
type Step struct {
	Name     string
	Duration time.Duration
}

var (
	companies = []string{"Atlantique Logistique", "Boulangeries Diallo", "Clinique Sainte-Marie", "Coopérative agricole du Sine",
		"Transports Ndiaye & Fils", "Mairie de Saint-Louis", "Hôtel Les Palmiers", "Cabinet Martin Avocats", "Pharmacie du Plateau",
		"École Les Petits Génies", "Assurances Teranga", "Imprimerie Moderne"}
	firstNames = []string{"Awa", "Moussa", "Fatou", "Jean", "Claire", "Ibrahima", "Aminata", "Pierre", "Mariama", "Olivier",
		"Khadija", "Thomas", "Ndeye", "Julien", "Aïssatou", "Sophie"}
	lastNames = []string{"Ndiaye", "Diallo", "Martin", "Sow", "Lefèvre", "Fall", "Dubois", "Ba", "Moreau", "Sarr", "Garnier", "Diop"}
	projects  = []string{"Site vitrine", "Application mobile de commande", "Refonte de l'intranet", "Logiciel de gestion des stocks",
		"Portail de prise de rendez-vous", "Tableau de bord décisionnel", "Migration vers le cloud", "Boutique en ligne",
		"Application de suivi des livraisons", "Gestion électronique des documents"}
	steps = []string{"Cahier des charges", "Maquettes", "Développement du socle", "Développement des fonctionnalités", "Recette",
		"Mise en production", "Formation des utilisateurs", "Migration des données", "Tests de charge", "Documentation"}
)

// Fill generates size into an empty database. Every generated user gets the same password,
// returned in Result, so that one can sign in as anyone.
func Fill(ctx context.Context, db *store.DB, fs storage.Store, size Size, pw string, now time.Time) (Result, error) {
	counts, err := db.CountRows(ctx)
	if err != nil {
		return Result{}, err
	}
	if counts["clients"] > 0 {
		return Result{}, ErrNotEmpty
	}
	hash, err := password.Hash(pw, password.Default)
	if err != nil {
		return Result{}, err
	}
	// The benchmark datasets' indexes outgrow the private server's pool (256 MiB): loaded with
	// a larger one, restored once the load is done.
	if size.Clients*size.ProjectsPerClient*size.MessagesPerProject >= largeLoad {
		defer db.RaiseBufferPool(ctx, largePool)()
		defer db.LoadSettings(ctx)()
	}
	rnd := rand.New(rand.NewPCG(2026, 11))
	name := func() string {
		return firstNames[rnd.IntN(len(firstNames))] + " " + lastNames[rnd.IntN(len(lastNames))]
	}
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	res := Result{Password: pw}
	mark := time.Now()
	done := func(name string) {
		res.Steps = append(res.Steps, Step{name, time.Since(mark)})
		mark = time.Now()
	}

	// Not one transaction: each multi-row INSERT (bulkRows rows) and each range of the backfill
	// commits on its own, so that ten times the scale dataset loads without an undo log of
	// millions of rows. The database is empty to begin with (checked above); a load that
	// fails leaves it partly filled, to be started again on an empty one.
	err = func() error {
		var admins []store.User
		for i := 0; i < size.Admins; i++ {
			admins = append(admins, store.User{Email: fmt.Sprintf("equipe%d@bigdata-center.example", i+1), Name: name(), Role: "admin", PasswordHash: hash})
		}
		if err := db.BulkInsertUsers(ctx, admins, now); err != nil {
			return err
		}
		res.AdminEmail = admins[0].Email

		var cs []store.Client
		for i := 0; i < size.Clients; i++ {
			n := companies[i%len(companies)]
			if i >= len(companies) {
				n = fmt.Sprintf("%s %d", n, i/len(companies)+1)
			}
			contact := name()
			cs = append(cs, store.Client{Name: n, ContactName: contact, ContactEmail: fmt.Sprintf("contact@client%d.example", i+1),
				Phone: fmt.Sprintf("+221 33 %03d %02d %02d", 800+i%200, i%100, (i*7)%100), Address: "Dakar", Notes: ""})
		}
		for _, n := range size.Probes {
			cs = append(cs, store.Client{Name: fmt.Sprintf("Client témoin %d projets", n), ContactName: name(),
				ContactEmail: fmt.Sprintf("contact@client-temoin%d.example", n), Address: "Dakar"})
		}
		clientIDs, err := insertedIDs(ctx, db, db.BulkInsertClients(ctx, cs, now), "clients")
		if err != nil {
			return err
		}
		var adminIDs []int64
		for _, a := range admins {
			id, err := db.UserIDByEmail(ctx, a.Email)
			if err != nil {
				return err
			}
			adminIDs = append(adminIDs, id)
		}

		var us []store.User
		var ps []store.Project
		var stepsOf []int
		for c := 0; c < size.Clients+len(size.Probes); c++ {
			clientID := clientIDs[c]
			nProjects, nSteps := size.ProjectsPerClient, size.StepsPerProject
			if c >= size.Clients {
				n := size.Probes[c-size.Clients]
				nProjects, nSteps = n, size.ProbeSteps
				us = append(us, store.User{Email: fmt.Sprintf("temoin%d@client-temoin%d.example", n, n), Name: name(), Role: "client",
					ClientID: clientID, PasswordHash: hash})
			}
			for u := 0; u < size.UsersPerClient && c < size.Clients; u++ {
				us = append(us, store.User{Email: fmt.Sprintf("utilisateur%d.%d@client%d.example", u+1, c+1, c+1), Name: name(), Role: "client",
					ClientID: clientID, PasswordHash: hash})
			}
			for p := 0; p < nProjects; p++ {
				stepsOf = append(stepsOf, nSteps)
				start := today.AddDate(0, -rnd.IntN(12)-1, -rnd.IntN(28))
				deadline := start.AddDate(0, 3+rnd.IntN(9), 0)
				status := "en_cours"
				switch r := rnd.IntN(10); {
				case r == 0:
					status = "en_pause"
				case r <= 2:
					status = "termine"
				}
				ps = append(ps, store.Project{ClientID: clientID, Name: projects[(c+p)%len(projects)], Status: status,
					Description: "Projet réalisé par BIGDATA CENTER.\nSuivi des étapes, des livrables et des échanges dans le portail.",
					StartDate:   &start, Deadline: &deadline, ManagerID: adminIDs[rnd.IntN(len(adminIDs))]})
			}
		}
		if err := db.BulkInsertUsers(ctx, us, now); err != nil {
			return err
		}
		for i := range us {
			if us[i].ID, err = db.UserIDByEmail(ctx, us[i].Email); err != nil {
				return err
			}
		}
		res.UserEmail = us[0].Email
		done("users")
		projectIDs, err := insertedIDs(ctx, db, db.BulkInsertProjects(ctx, ps, now), "projects")
		if err != nil {
			return err
		}

		var ms []store.Milestone
		for i, p := range ps {
			span := p.Deadline.Sub(*p.StartDate)
			for s := 0; s < stepsOf[i]; s++ {
				due := p.StartDate.Add(span * time.Duration(s+1) / time.Duration(stepsOf[i])).Truncate(24 * time.Hour)
				m := store.Milestone{ProjectID: projectIDs[i], Position: s + 1, Title: steps[s%len(steps)], Description: "",
					DueDate: &due, Weight: 1 + rnd.IntN(3), State: "a_venir"}
				// Most steps due in the past are done; some slip, which gives alerts to look at.
				if p.Status == "termine" || (due.Before(today) && rnd.IntN(6) != 0) {
					at := due.Add(time.Duration(rnd.IntN(72)-24) * time.Hour)
					m.State, m.DeliveredAt = "livree", &at
					if rnd.IntN(3) != 0 {
						v := at.Add(time.Duration(1+rnd.IntN(96)) * time.Hour)
						m.State, m.ValidatedAt = "validee", &v
					}
				} else if !due.Before(today) && s > 0 && ms[len(ms)-1].State != "a_venir" && ms[len(ms)-1].State != "en_cours" {
					m.State = "en_cours"
				}
				ms = append(ms, m)
			}
		}
		stepIDs, err := insertedIDs(ctx, db, db.BulkInsertMilestones(ctx, ms, now), "milestones")
		if err != nil {
			return err
		}
		done("projects and steps")
		var es []store.MilestoneEvent
		for i, m := range ms {
			if m.DeliveredAt != nil {
				es = append(es, store.MilestoneEvent{ProjectID: m.ProjectID, MilestoneID: stepIDs[i], Kind: "delivered", At: *m.DeliveredAt,
					ByUserID: adminIDs[0], ByName: admins[0].Name, Title: m.Title})
			}
			if m.ValidatedAt != nil {
				es = append(es, store.MilestoneEvent{ProjectID: m.ProjectID, MilestoneID: stepIDs[i], Kind: "validated", At: *m.ValidatedAt, Title: m.Title,
					ByName: "Client"})
			}
		}
		ts := demoTasks(size, rnd, ms, stepIDs, adminIDs, today)
		taskIDs, err := insertedIDs(ctx, db, db.BulkInsertTasks(ctx, ts, now), "tasks")
		if err != nil {
			return err
		}
		steps, names := map[int64]store.Milestone{}, map[int64]string{}
		for i, m := range ms {
			steps[stepIDs[i]] = m
		}
		for i, a := range admins {
			names[adminIDs[i]] = a.Name
		}
		if err := db.BulkInsertMilestoneEvents(ctx, append(es, taskEvents(ts, steps, taskIDs, names)...)); err != nil {
			return err
		}
		done("tasks and history")
		// The messages' indexes in another order than theirs are built once they are all in.
		deferred := deferredIndexes{}
		defer deferred.buildLeft()
		if err := deferred.drop(ctx, db, "messages"); err != nil {
			return err
		}
		if err := fillExchanges(ctx, db, fs, size, rnd, ps, projectIDs, adminIDs, clientUsers(us), now, done); err != nil {
			return err
		}
		people := map[int64]string{}
		for i, a := range admins {
			people[adminIDs[i]] = a.Name
		}
		for _, u := range us {
			people[u.ID] = u.Name
		}
		// The retours' indexes by date, status or priority likewise.
		if err := deferred.drop(ctx, db, "retours"); err != nil {
			return err
		}
		threads, err := fillRetours(ctx, db, size, rnd, ps, projectIDs, stepIDs, adminIDs, clientUsers(us), people, now)
		if err != nil {
			return err
		}
		if err := deferred.build("retours"); err != nil {
			return err
		}
		done("retours")
		// The answers and the search words are computed once every message is in, the
		// answers by ranges of projects, the words by periods (at ten times the dataset, one
		// statement for all the words sorted for longer than the driver's read timeout); then
		// the unread counters and the projects' counters.
		if err := db.BulkAppendMessages(ctx, threads); err != nil {
			return err
		}
		done("retours' threads")
		if err := deferred.build("messages"); err != nil {
			return err
		}
		done("messages' indexes")
		for i := 0; i < len(projectIDs); i += backfillProjects {
			last := projectIDs[min(i+backfillProjects, len(projectIDs))-1]
			if err := db.BackfillAnswersOf(ctx, projectIDs[i], last); err != nil {
				return err
			}
		}
		done("answers")
		periods, err := db.MessageDatePeriods(ctx, wordPeriod)
		if err != nil {
			return err
		}
		for i := 0; i+1 < len(periods); i++ {
			if err := db.IndexWordsBetween(ctx, periods[i], periods[i+1]); err != nil {
				return err
			}
		}
		done("search words")
		if err := db.RecountUnread(ctx); err != nil {
			return err
		}
		done("unread counters")
		if err := db.RecomputeAllProjectCounters(ctx); err != nil {
			return err
		}
		done("project counters")
		return nil
	}()
	if err != nil {
		return res, err
	}
	if err := db.AnalyzeTables(ctx); err != nil {
		return res, err
	}
	done("statistics")
	res.Counts, err = db.CountRows(ctx)
	return res, err
}

var (
	taskTitles = []string{"Atelier de cadrage", "Maquette de la page d'accueil", "Intégration du formulaire de contact", "Connexion à l'API de paiement",
		"Import des données clients", "Écran de suivi des commandes", "Tests sur mobile", "Correction des anomalies de recette", "Optimisation des temps de chargement",
		"Rédaction du guide utilisateur", "Paramétrage des sauvegardes", "Revue de sécurité", "Mise à jour des dépendances", "Configuration du serveur"}
	taskStatuses = []string{"a_faire", "en_cours", "en_revue", "terminee"}
)

// demoTasks fills every step with tasks: all finished in delivered steps, every status in steps
// in progress, still to do in steps to come; one in four is internal.
func demoTasks(size Size, rnd *rand.Rand, ms []store.Milestone, stepIDs, adminIDs []int64, today time.Time) []store.Task {
	var ts []store.Task
	for i, m := range ms {
		for k := 0; k < size.TasksPerStep; k++ {
			t := store.Task{ProjectID: m.ProjectID, MilestoneID: stepIDs[i], Position: k + 1, Title: taskTitles[(i+k)%len(taskTitles)],
				Status: "a_faire", Visible: (i+k)%4 != 3, AssigneeID: adminIDs[(i+k)%len(adminIDs)]}
			if m.DueDate != nil && k%2 == 0 {
				due := m.DueDate.AddDate(0, 0, -2*(size.TasksPerStep-k))
				t.DueDate = &due
			}
			switch m.State {
			case "livree", "validee":
				t.Status = "terminee"
			case "en_cours":
				// Every status shows in every step in progress, the rest drawn at random.
				t.Status = taskStatuses[rnd.IntN(len(taskStatuses))]
				if k < len(taskStatuses) {
					t.Status = taskStatuses[k]
				}
			}
			if t.Status == "terminee" {
				at := today.Add(-time.Duration(1+rnd.IntN(20*24)) * time.Hour)
				if m.DeliveredAt != nil {
					at = m.DeliveredAt.Add(-time.Duration(1+rnd.IntN(72)) * time.Hour)
				}
				t.DoneAt = &at
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// taskEvents are the history lines of the tasks finished in steps in progress (older
// completions would only lengthen the history). ids are the tasks' ids, in order.
func taskEvents(ts []store.Task, ms map[int64]store.Milestone, ids []int64, names map[int64]string) []store.MilestoneEvent {
	var es []store.MilestoneEvent
	for i, t := range ts {
		if t.DoneAt != nil && ms[t.MilestoneID].State == "en_cours" {
			es = append(es, store.MilestoneEvent{ProjectID: t.ProjectID, MilestoneID: t.MilestoneID, Kind: "task_done", At: *t.DoneAt,
				ByUserID: t.AssigneeID, ByName: names[t.AssigneeID], Title: t.Title, TaskID: ids[i], Internal: !t.Visible})
		}
	}
	return es
}

// clientUsers maps each client id to the ids of its users.
func clientUsers(us []store.User) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, u := range us {
		out[u.ClientID] = append(out[u.ClientID], u.ID)
	}
	return out
}

var (
	clientLines = []string{"Bonjour, pouvez-vous nous donner un point sur l'avancement ?", "Merci pour la livraison, nous regardons cela cette semaine.",
		"La recette a révélé deux anomalies, voir le détail ci-dessous.", "Pouvons-nous décaler la réunion de suivi à jeudi ?",
		"Le fichier de la facture est-il disponible ?"}
	staffLines = []string{"Bonjour, la prochaine livraison est prévue vendredi.", "Nous avons corrigé les deux anomalies, nouvelle version en ligne.",
		"Jeudi 10h nous convient, l'invitation suit.", "La documentation est jointe au livrable.", "La mise en production est planifiée pour lundi."}
	// The staff's internal notes (one per conversation, the second message): never shown to the client.
	internalLines = []string{"Note pour l'équipe : le client attend surtout la recette mobile, à prioriser.",
		"Attention, le budget restant couvre deux itérations au plus.", "Relancer le client si pas de retour d'ici mardi."}
)

// chunk bounds the messages and versions held in memory before they are written.
const chunk = 100_000

// A load of at least largeLoad messages runs with a buffer pool of largePool bytes.
const (
	largeLoad = 100_000
	largePool = 2 << 30
)

// backfillProjects is the range of projects whose messages one backfill statement completes
// (about 100 000 messages at the scale dataset's 100 per project).
const backfillProjects = 1000

// wordPeriod is about how many messages one statement of the search words reads.
const wordPeriod = 100_000

// fillExchanges writes conversations (without what posting completes: the caller completes it
// once every message is in) and deliverable versions (with real files) for
// every project.
func fillExchanges(ctx context.Context, db *store.DB, fs storage.Store, size Size, rnd *rand.Rand, ps []store.Project, projectIDs, adminIDs []int64,
	users map[int64][]int64, now time.Time, done func(string)) error {
	var ms []store.Message
	for i, p := range ps {
		span := now.Sub(*p.StartDate)
		for k := 0; k < size.MessagesPerProject; k++ {
			at := p.StartDate.Add(span * time.Duration(k+1) / time.Duration(size.MessagesPerProject+1))
			m := store.Message{ProjectID: projectIDs[i], CreatedAt: at}
			if cu := users[p.ClientID]; k%2 == 0 && len(cu) > 0 {
				m.AuthorID, m.AuthorRole, m.Body = cu[rnd.IntN(len(cu))], "client", clientLines[rnd.IntN(len(clientLines))]
			} else {
				m.AuthorID, m.AuthorRole, m.Body = adminIDs[rnd.IntN(len(adminIDs))], "admin", staffLines[rnd.IntN(len(staffLines))]
				if k == 1 {
					m.Body, m.Internal = internalLines[rnd.IntN(len(internalLines))], true
				}
			}
			ms = append(ms, m)
		}
		// By chunks, so that ten times the scale dataset fits in memory.
		if len(ms) >= chunk || i == len(ps)-1 {
			if err := db.BulkAppendMessages(ctx, ms); err != nil {
				return err
			}
			ms = ms[:0]
		}
	}
	done("messages")
	if fs == nil || size.VersionsPerProject == 0 {
		return nil
	}
	perDeliverable := 2
	var ds []store.Deliverable
	for i := range ps {
		for k := 0; k < (size.VersionsPerProject+perDeliverable-1)/perDeliverable; k++ {
			ds = append(ds, store.Deliverable{ProjectID: projectIDs[i], Title: fmt.Sprintf("Livrable %d", k+1), LatestVersion: perDeliverable})
		}
	}
	dIDs, err := insertedIDs(ctx, db, db.BulkInsertDeliverables(ctx, ds, now), "deliverables")
	if err != nil {
		return err
	}
	var vs []store.Version
	contents := sharedFiles{}
	for i, d := range ds {
		if len(vs) >= chunk {
			fs.Flush()
			if err := db.BulkInsertVersions(ctx, vs); err != nil {
				return err
			}
			vs = vs[:0]
		}
		for n := 1; n <= perDeliverable; n++ {
			saved, err := contents.save(ctx, fs, fmt.Sprintf("%%PDF-1.4 démonstration — %s v%d\n", d.Title, n))
			if err != nil {
				return err
			}
			status := "valide"
			if n == perDeliverable && rnd.IntN(3) == 0 {
				status = "en_attente"
			}
			vs = append(vs, store.Version{DeliverableID: dIDs[i], ProjectID: d.ProjectID, Number: n, FileKey: saved.Key,
				FileName: fmt.Sprintf("livrable-%d-v%d.pdf", i+1, n), ContentType: "application/pdf", Size: saved.Size, SHA256: saved.SHA256,
				Status: status, UploadedAt: now.Add(-time.Duration(rnd.IntN(90*24)) * time.Hour)})
		}
	}
	// The files are written without a flush each (two per file made --scale=10 crawl), then
	// flushed all at once before the versions that refer to them are inserted.
	fs.Flush()
	err = db.BulkInsertVersions(ctx, vs)
	done("deliverables")
	return err
}

// sharedFiles stores each distinct content once and links the others to it when the store can
// (files.LinkUnsynced, the data disk): the versions repeat a few contents, and 500 000 copies of
// them took 2 GiB of 4 KiB blocks. Another store gets a copy under each key.
type sharedFiles map[string]storage.Saved

func (c sharedFiles) save(ctx context.Context, fs storage.Store, content string) (storage.Saved, error) {
	first, ok := c[content]
	if l, linker := fs.(interface{ LinkUnsynced(string) (string, error) }); ok && linker {
		key, err := l.LinkUnsynced(first.Key)
		return storage.Saved{Key: key, Size: first.Size, SHA256: first.SHA256}, err
	}
	var b [16]byte
	if _, err := crand.Read(b[:]); err != nil {
		return storage.Saved{}, err
	}
	sum := sha256.Sum256([]byte(content))
	saved := storage.Saved{Key: hex.EncodeToString(b[:]), Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
	if err := fs.PutUnsynced(ctx, saved.Key, strings.NewReader(content), saved.Size, saved.SHA256); err != nil {
		return storage.Saved{}, err
	}
	c[content] = saved
	return saved, nil
}

// insertedIDs reads the ids of table in insertion order, once a bulk insert into it succeeded
// (err is the insert's): the rows' ids in the order of the slice inserted.
func insertedIDs(ctx context.Context, db *store.DB, err error, table string) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	return db.IDsInOrder(ctx, table)
}

// deferredIndexes holds, per table, what builds again the secondary indexes dropped for the
// load (store.DeferIndexes).
type deferredIndexes map[string]func() error

func (d deferredIndexes) drop(ctx context.Context, db *store.DB, table string) error {
	rebuild, err := db.DeferIndexes(ctx, table)
	if err == nil {
		d[table] = rebuild
	}
	return err
}

// build builds table's indexes again once its rows are in.
func (d deferredIndexes) build(table string) error {
	rebuild := d[table]
	delete(d, table)
	return rebuild()
}

// buildLeft builds what a failed load left dropped, so that the schema stays whole.
func (d deferredIndexes) buildLeft() {
	for table := range d {
		_ = d.build(table)
	}
}
