package demo

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/bigdatacenter/portal/app/store"
)

var (
	retourTitles = []string{"Le bouton « Valider » ne répond pas sur mobile", "Ajouter un export Excel de la liste des commandes",
		"Quelle est la procédure de réinitialisation du mot de passe ?", "Les accents s'affichent mal dans les PDF",
		"Pouvoir filtrer les livraisons par date", "La page d'accueil est lente le matin", "Le logo est flou sur les écrans Retina",
		"Faut-il prévoir une formation pour les nouveaux agents ?", "Le total de la facture ne tient pas compte de la remise",
		"Traduire l'interface en wolof"}
	retourKinds = []string{"anomalie", "evolution", "question"}
	// retourPriorities are drawn from: mostly majeur and mineur, some bloquant.
	retourPriorities = []string{"majeur", "mineur", "mineur", "majeur", "bloquant"}
	// retourStates is the state of the k-th retour of a project: the first six cover every state,
	// the rest are mostly closed, as in a project that has lived a while.
	retourStates = []string{"nouveau", "pris_en_compte", "en_cours", "resolu", "cloture", "rouvert", "cloture", "cloture", "cloture", "en_cours"}
	// retourPaths are the transitions that lead to each state.
	retourPaths = map[string][]string{
		"nouveau":        {"nouveau"},
		"pris_en_compte": {"nouveau", "pris_en_compte"},
		"en_cours":       {"nouveau", "pris_en_compte", "en_cours"},
		"resolu":         {"nouveau", "pris_en_compte", "en_cours", "resolu"},
		"cloture":        {"nouveau", "pris_en_compte", "en_cours", "resolu", "cloture"},
		"rouvert":        {"nouveau", "pris_en_compte", "resolu", "rouvert"},
	}
	// staffQuestions are the questions the staff ask each client (one per project): they wait for
	// the client's answer in its « À traiter ».
	staffQuestions = [][2]string{
		{"Qui valide les maquettes de votre côté ?", "Nous avons besoin d'un interlocuteur pour valider les écrans avant la recette."},
		{"Pouvez-vous nous envoyer les accès au serveur de recette ?", "Sans ces accès, nous ne pourrons pas installer la prochaine version chez vous."},
		{"Quelle couleur retenez-vous pour le bandeau d'accueil ?", "Les deux propositions sont dans le dernier livrable : dites-nous laquelle vous préférez."},
	}
	retourThread = [][2]string{
		{"Voici une capture de l'écran concerné, le problème se produit à chaque fois.", "Merci, nous reproduisons le problème et revenons vers vous."},
		{"Est-ce prévu pour la prochaine version ?", "Oui, c'est planifié pour la prochaine livraison."},
		{"Pouvez-vous confirmer la prise en compte ?", "C'est pris en compte, un correctif est en préparation."},
	}
)

// fillRetours writes every project's retours in every state, with the history that led there,
// and returns their threads' messages for the caller to load with the conversations.
func fillRetours(ctx context.Context, db *store.DB, size Size, rnd *rand.Rand, ps []store.Project, projectIDs, stepIDs, adminIDs []int64,
	users map[int64][]int64, people map[int64]string, now time.Time) ([]store.Message, error) {
	if size.RetoursPerProject == 0 {
		return nil, nil
	}
	versionIDs, err := db.IDsInOrder(ctx, "deliverable_versions")
	if err != nil {
		return nil, err
	}
	versionsPerProject := 0
	if len(ps) > 0 {
		versionsPerProject = len(versionIDs) / len(ps)
	}
	var rs []store.Retour
	var paths [][]string
	for i, p := range ps {
		cu := users[p.ClientID]
		span := now.Sub(*p.StartDate)
		for k := 0; k < size.RetoursPerProject; k++ {
			state := retourStates[k%len(retourStates)]
			created := p.StartDate.Add(span * time.Duration(k+1) / time.Duration(size.RetoursPerProject+2))
			r := store.Retour{ProjectID: projectIDs[i], ClientID: p.ClientID, Kind: retourKinds[rnd.IntN(len(retourKinds))],
				Priority: retourPriorities[rnd.IntN(len(retourPriorities))], Status: state,
				Title: retourTitles[(i+k)%len(retourTitles)], Description: "Constaté lors de la recette, sur le poste de l'accueil.",
				OpenedRole: "client", CreatedAt: created, UpdatedAt: created}
			if len(cu) > 0 {
				r.OpenedBy = cu[rnd.IntN(len(cu))]
			} else {
				r.OpenedBy, r.OpenedRole = adminIDs[0], "admin"
			}
			// The second retour of each project (taken into account) is a question the staff asked
			// the client, which it has not answered yet.
			if k == 1 && len(adminIDs) > 0 {
				q := staffQuestions[i%len(staffQuestions)]
				r.Kind, r.Title, r.Description = "question", q[0], q[1]
				r.OpenedBy, r.OpenedRole = adminIDs[i%len(adminIDs)], "admin"
			}
			r.OpenedName = people[r.OpenedBy]
			if size.StepsPerProject > 0 {
				r.MilestoneID = stepIDs[i*size.StepsPerProject+rnd.IntN(size.StepsPerProject)]
			}
			if versionsPerProject > 0 && k%3 == 0 {
				r.VersionID = versionIDs[i*versionsPerProject+rnd.IntN(versionsPerProject)]
			}
			// Each step of the path a few hours to days after the previous one, never in the future.
			at := created
			step := func(maxHours int) *time.Time {
				at = at.Add(time.Duration(1+rnd.IntN(maxHours)) * time.Hour)
				if at.After(now) {
					at = now.Add(-time.Minute)
				}
				t := at
				return &t
			}
			path := retourPaths[state]
			for _, s := range path[1:] {
				switch s {
				case "pris_en_compte":
					r.AcknowledgedAt = step(48)
					r.AssigneeID = adminIDs[rnd.IntN(len(adminIDs))]
				case "resolu":
					r.ResolvedAt = step(240)
					r.FirstResolvedAt = r.ResolvedAt
					r.Resolution = "Corrigé et livré dans la dernière version."
					r.ResolvedVersionID = r.VersionID
				case "en_cours":
					step(24)
				case "cloture":
					r.ClosedAt = step(72)
				case "rouvert":
					step(72)
					r.ReopenCount = 1
				}
			}
			r.UpdatedAt = at
			rs = append(rs, r)
			paths = append(paths, path)
		}
	}
	if err := db.BulkInsertRetours(ctx, rs); err != nil {
		return nil, err
	}
	ids, err := db.IDsInOrder(ctx, "retours")
	if err != nil {
		return nil, err
	}
	var es []store.RetourEvent
	var ms []store.Message
	for i, r := range rs {
		id := ids[len(ids)-len(rs)+i]
		at := r.CreatedAt
		from := ""
		for j, to := range paths[i] {
			e := store.RetourEvent{RetourID: id, From: from, To: to, At: at, ByUserID: r.AssigneeID, ByName: people[r.AssigneeID], ByRole: "admin"}
			switch to {
			case "nouveau", "cloture", "rouvert":
				e.ByUserID, e.ByName, e.ByRole = r.OpenedBy, r.OpenedName, r.OpenedRole
			case "resolu":
				e.Comment, e.VersionID = r.Resolution, r.ResolvedVersionID
			}
			if to == "rouvert" {
				e.Comment = "Le problème se reproduit encore sur certains postes."
			}
			es = append(es, e)
			from = to
			// The events are spread between opening and the last change.
			if n := len(paths[i]); n > 1 {
				at = r.CreatedAt.Add(r.UpdatedAt.Sub(r.CreatedAt) * time.Duration(j+1) / time.Duration(n-1))
			}
		}
		if r.Kind == "question" && r.OpenedRole == "admin" {
			// A staff question: the staff's reminder, the client has not answered.
			ms = append(ms, store.Message{ProjectID: r.ProjectID, RetourID: id, AuthorID: r.OpenedBy, AuthorRole: "admin",
				Body: "Pouvez-vous nous répondre ici ? Nous en avons besoin pour avancer.", CreatedAt: r.CreatedAt.Add(time.Minute)})
			continue
		}
		// A short thread: the client's precision, the staff's answer once taken into account.
		lines := retourThread[i%len(retourThread)]
		ms = append(ms, store.Message{ProjectID: r.ProjectID, RetourID: id, AuthorID: r.OpenedBy, AuthorRole: r.OpenedRole, Body: lines[0],
			CreatedAt: r.CreatedAt.Add(time.Minute)})
		if r.AssigneeID != 0 {
			ms = append(ms, store.Message{ProjectID: r.ProjectID, RetourID: id, AuthorID: r.AssigneeID, AuthorRole: "admin", Body: lines[1],
				CreatedAt: r.AcknowledgedAt.Add(time.Minute)})
		}
	}
	return ms, db.BulkInsertRetourEvents(ctx, es)
}
