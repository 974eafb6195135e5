package portal

import (
	"context"
	"errors"
	"fmt"

	"github.com/bigdatacenter/portal/app/portal/errcode"
	"github.com/bigdatacenter/portal/app/store"
)

// Milestone states.
const (
	StepUpcoming  = "a_venir"  // à venir
	StepStarted   = "en_cours" // en cours
	StepDelivered = "livree"   // livrée
	StepValidated = "validee"  // validée
)

var stepLabels = map[string]string{StepUpcoming: "à venir", StepStarted: "en cours", StepDelivered: "livrée", StepValidated: "validée"}

// MilestoneInput is what an admin sets on a milestone; Weight 0 means 1.
type MilestoneInput struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	DueDate     string `json:"due_date"`
	Weight      int    `json:"weight"`
}

func (in MilestoneInput) validate() (store.Milestone, error) {
	var m store.Milestone
	var f fields
	f.line(&m.Title, "title", errcode.LabelMilestoneTitle, in.Title, true, 200)
	f.text(&m.Description, "description", errcode.LabelDescription, in.Description, false, 5000)
	f.day(&m.DueDate, "due_date", errcode.LabelDueDate, in.DueDate)
	if f.err != nil {
		return m, f.err
	}
	m.Weight = in.Weight
	if m.Weight == 0 {
		m.Weight = 1
	}
	if m.Weight < 1 || m.Weight > 100 {
		return m, Invalid("weight", errcode.MilestoneWeightRange, errcode.Params{"min": 1, "max": 100})
	}
	return m, nil
}

// changeMilestones runs fn on a locked project and refreshes its counters in the same
// transaction, so that progress always matches the milestones; it answers the project as the
// actor sees it, read in that transaction (txAnswer).
func (s *Service) changeMilestones(ctx context.Context, a Actor, projectID int64, fn func(ctx context.Context, p store.Project) error) (ProjectDetail, error) {
	out, err := txAnswer(ctx, s, func(ctx context.Context) error {
		p, err := s.db.ProjectForUpdate(ctx, projectID)
		if errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := fn(ctx, p); err != nil {
			return err
		}
		return s.db.RecomputeProjectCounters(ctx, projectID, s.now())
	}, func(ctx context.Context) (ProjectDetail, error) {
		return s.GetProject(ctx, a, projectID)
	})
	return out, err
}

// changeMilestone is changeMilestones on the project of milestone id, with fn given the
// milestone as read in the transaction.
func (s *Service) changeMilestone(ctx context.Context, a Actor, id int64, fn func(ctx context.Context, p store.Project, cur store.Milestone) error) (ProjectDetail, error) {
	projectID, err := s.milestoneProject(ctx, id)
	if err != nil {
		return ProjectDetail{}, err
	}
	return s.changeMilestones(ctx, a, projectID, func(ctx context.Context, p store.Project) error {
		cur, err := s.db.MilestoneIn(ctx, id)
		if err != nil {
			return err
		}
		return fn(ctx, p, cur)
	})
}

// milestoneProject finds the project of a milestone; a missing milestone is ErrNotFound.
func (s *Service) milestoneProject(ctx context.Context, milestoneID int64) (int64, error) {
	m, err := found(s.db.MilestoneByID(ctx, milestoneID))
	return m.ProjectID, err
}

// AddMilestone appends a step to a project (A3).
func (s *Service) AddMilestone(ctx context.Context, a Actor, projectID int64, in MilestoneInput) (ProjectDetail, error) {
	m, err := authorizedInput(ctx, s, a, ActManageProjects, in.validate)
	if err != nil {
		return ProjectDetail{}, err
	}
	return s.changeMilestones(ctx, a, projectID, func(ctx context.Context, p store.Project) error {
		m.ProjectID, m.State = projectID, StepUpcoming
		id, err := s.db.InsertMilestone(ctx, m, s.now())
		if err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "milestone.create", "milestone", id, p.ClientID, "success",
			fmt.Sprintf("step « %s » added to « %s »", m.Title, p.Name)))
	})
}

// UpdateMilestone edits a step's title, description, due date and weight.
func (s *Service) UpdateMilestone(ctx context.Context, a Actor, id int64, in MilestoneInput) (ProjectDetail, error) {
	next, err := authorizedInput(ctx, s, a, ActManageProjects, in.validate)
	if err != nil {
		return ProjectDetail{}, err
	}
	return s.changeMilestone(ctx, a, id, func(ctx context.Context, p store.Project, cur store.Milestone) error {
		next.ID = id
		if err := s.db.UpdateMilestone(ctx, next, s.now()); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "milestone.update", "milestone", id, p.ClientID, "success", "changed: "+changedFields(map[string][2]string{
			"title": {cur.Title, next.Title}, "description": {cur.Description, next.Description},
			"due_date": {dayString(cur.DueDate), dayString(next.DueDate)}, "weight": {fmt.Sprint(cur.Weight), fmt.Sprint(next.Weight)},
		})))
	})
}

// DeleteMilestone removes a step; one the client validated stays, as a record of the agreement.
func (s *Service) DeleteMilestone(ctx context.Context, a Actor, id int64) (ProjectDetail, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return ProjectDetail{}, err
	}
	return s.changeMilestone(ctx, a, id, func(ctx context.Context, p store.Project, cur store.Milestone) error {
		if cur.State == StepValidated {
			return newErr(KindConflict, errcode.MilestoneValidated, nil)
		}
		if err := s.db.DeleteMilestone(ctx, id); err != nil {
			return err
		}
		return s.db.InsertAudit(ctx, a.audit(s, "milestone.delete", "milestone", id, p.ClientID, "success",
			fmt.Sprintf("step « %s » removed from « %s », with its %d tasks", cur.Title, p.Name, cur.TasksTotal)))
	})
}

// ReorderMilestones sets the order of a project's steps; ids must list each of them once.
func (s *Service) ReorderMilestones(ctx context.Context, a Actor, projectID int64, ids []int64) (ProjectDetail, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return ProjectDetail{}, err
	}
	return s.changeMilestones(ctx, a, projectID, func(ctx context.Context, p store.Project) error {
		current, err := s.db.MilestonesOf(ctx, projectID)
		if err != nil {
			return err
		}
		stepIDs := make([]int64, len(current))
		for i, m := range current {
			stepIDs[i] = m.ID
		}
		if !samePermutation(stepIDs, ids) {
			return Invalid("ids", errcode.MilestoneOrder, nil)
		}
		now := s.now()
		for i, id := range ids {
			if err := s.db.SetMilestonePosition(ctx, id, i+1, now); err != nil {
				return err
			}
		}
		return s.db.InsertAudit(ctx, a.audit(s, "milestone.reorder", "project", projectID, p.ClientID, "success", fmt.Sprintf("order %v", ids)))
	})
}

// SetMilestoneState moves a step through its states (mark delivered, reopen...). Delivered and
// validated steps enter the project's history.
func (s *Service) SetMilestoneState(ctx context.Context, a Actor, id int64, state string) (ProjectDetail, error) {
	if err := s.authorize(ctx, a, ActManageProjects); err != nil {
		return ProjectDetail{}, err
	}
	if stepLabels[state] == "" {
		return ProjectDetail{}, Invalid("state", errcode.MilestoneStateUnknown, nil)
	}
	me, err := s.db.UserByID(ctx, a.UserID)
	if err != nil {
		return ProjectDetail{}, err
	}
	var notified []store.Notification
	d, err := s.changeMilestone(ctx, a, id, func(ctx context.Context, p store.Project, cur store.Milestone) error {
		projectID := p.ID
		if cur.State == state {
			return nil
		}
		if state == StepDelivered {
			clients, _, err := s.db.ProjectAudience(ctx, projectID)
			if err != nil {
				return err
			}
			if notified, err = s.notify(ctx, a, clients, note{kind: NoteMilestone, params: NoteParams{ProjectID: projectID, Project: p.Name,
				MilestoneID: id, Step: cur.Title}}); err != nil {
				return err
			}
		}
		now := s.now()
		if err := s.db.SetMilestoneState(ctx, id, state, a.UserID, now); err != nil {
			return err
		}
		kind := map[string]string{StepDelivered: "delivered", StepValidated: "validated"}[state]
		if kind == "" && (cur.State == StepDelivered || cur.State == StepValidated) {
			kind = "reopened"
		}
		if kind != "" {
			if err := s.db.InsertMilestoneEvent(ctx, store.MilestoneEvent{ProjectID: projectID, MilestoneID: id, Kind: kind, At: now,
				ByUserID: a.UserID, ByName: me.Name, Title: cur.Title}); err != nil {
				return err
			}
		}
		return s.db.InsertAudit(ctx, a.audit(s, "milestone.state", "milestone", id, p.ClientID, "success",
			fmt.Sprintf("step « %s »: %s → %s", cur.Title, stepLabels[cur.State], stepLabels[state])))
	})
	if err != nil {
		return ProjectDetail{}, err
	}
	s.announce(ctx, notified, s.projectViewers(ctx, d.ID), "project", map[string]int64{"project_id": d.ID})
	return d, nil
}
