package errcode

// The table: every error the API can answer. Ids are part of the API (the interface and API
// clients branch on them): never rename one. See the package comment to add one.
var (
	// Any request.
	Internal             = def("internal", "Une erreur interne est survenue. Réessayez ; si le problème persiste, contactez le support en indiquant la référence.")
	NotFound             = def("not_found", "Élément introuvable : il n'existe pas ou vous n'y avez pas accès.")
	Unauthenticated      = def("unauthenticated", "Votre session a expiré ou vous n'êtes pas connecté : veuillez vous connecter.")
	Forbidden            = def("forbidden", "Vous n'avez pas les droits nécessaires pour cette action.")
	Busy                 = def("busy", "Le serveur est très sollicité : réessayez dans quelques secondes.")
	CSRF                 = def("csrf", "Jeton de sécurité manquant ou périmé : rechargez la page puis réessayez.")
	CrossSite            = def("cross_site", "Requête refusée : elle ne provient pas du portail. Rechargez la page du portail puis réessayez.")
	BadRequest           = def("bad_request", "Requête invalide : vérifiez les informations envoyées.")
	BadJSON              = def("bad_json", "Requête invalide : le contenu envoyé n'est pas du JSON valide.")
	UnsupportedMediaType = def("unsupported_media_type", "Format de requête non pris en charge : envoyez du JSON (Content-Type: application/json).")
	BodyTooLarge         = def("body_too_large", "La requête est trop volumineuse.")
	HeadersTooLarge      = def("headers_too_large", "La requête est trop longue : raccourcissez la note ou le titre (1 000 caractères au plus) puis réessayez.")
	MethodNotAllowed     = def("method_not_allowed", "Cette action n'est pas possible à cette adresse.")
	Timeout              = def("timeout", "La requête a pris trop de temps : réessayez dans un instant.")
	TooManyUploads       = def("too_many_uploads", "Trop d'envois de fichiers en cours sur votre compte ({max} au plus à la fois) : attendez qu'un envoi se termine puis réessayez.")
	TooManyStreams       = def("too_many_streams", "Trop de pages du portail ouvertes en même temps sur votre compte ({max} au plus) : fermez-en une puis rechargez celle-ci.")
	Unavailable          = def("unavailable", "Le portail ne répond pas assez vite en ce moment : réessayez dans un instant.")
	// Idempotency-Key: a retried creating request answers the first result, never writes twice.
	IdempotencyKeyInvalid  = def("idempotency_key_invalid", "En-tête Idempotency-Key invalide : de 1 à 100 caractères parmi lettres, chiffres et « - _ . : ».")
	IdempotencyKeyReused   = def("idempotency_key_reused", "Cette clé d'idempotence a déjà servi pour une autre demande : chaque action doit avoir sa propre clé.")
	IdempotencyAlreadyDone = def("idempotency_already_done", "Cette action a déjà été effectuée (votre première demande a abouti) : rechargez la page pour voir son résultat, sans la refaire.")

	// A field of a form ({label} names it).
	Required         = def("required", "{label} est obligatoire.")
	TooLong          = def("too_long", "{label} ne peut pas dépasser {max} caractères.")
	InvalidCharacter = def("invalid_character", "{label} contient un caractère invalide.")
	SingleLine       = def("single_line", "{label} doit tenir sur une seule ligne.")
	DateInvalid      = def("date_invalid", "{label} n'est pas une date valide : utilisez le format AAAA-MM-JJ, par exemple 2026-12-31.")
	DateRangeReverse = def("date_range_reversed", "La date de fin précède la date de début.")
	EmailInvalid     = def("email_invalid", "Adresse e-mail invalide : vérifiez qu'elle a la forme nom@domaine.fr.")
	LanguageUnknown  = def("language_unknown", "Langue inconnue : choisissez français (fr) ou anglais (en).")

	// Signing in, links, passwords, two-factor.
	InvalidCredentials = def("invalid_credentials", "Identifiant ou mot de passe incorrect.")
	AccountDisabled    = def("account_disabled", "Ce compte est désactivé : contactez votre interlocuteur chez BIGDATA CENTER.")
	TooManyAttempts    = defPlural("too_many_attempts",
		"Trop de tentatives de connexion : réessayez dans {count} minute, ou réinitialisez votre mot de passe avec « Mot de passe oublié ».",
		"Trop de tentatives de connexion : réessayez dans {count} minutes, ou réinitialisez votre mot de passe avec « Mot de passe oublié ».")
	LinkInvalid         = def("link_invalid", "Ce lien n'est pas valide : vérifiez que vous avez copié l'adresse complète, ou demandez un nouveau lien avec « Mot de passe oublié ».")
	LinkUsed            = def("link_used", "Ce lien a déjà été utilisé : connectez-vous avec votre mot de passe, ou demandez un nouveau lien avec « Mot de passe oublié ».")
	LinkExpired         = def("link_expired", "Ce lien a expiré : demandez-en un nouveau avec « Mot de passe oublié » ou à votre interlocuteur chez BIGDATA CENTER.")
	WrongPassword       = def("wrong_password", "Mot de passe actuel incorrect.")
	PasswordTooShort    = def("password_too_short", "Le mot de passe doit contenir au moins {min} caractères (12 ou plus conseillés).")
	PasswordTooLong     = def("password_too_long", "Le mot de passe ne peut pas dépasser {max} caractères.")
	PasswordTooCommon   = def("password_too_common", "Ce mot de passe est trop courant : choisissez-en un autre, par exemple une phrase de plusieurs mots.")
	PasswordIsEmail     = def("password_is_email", "Le mot de passe ne doit pas être votre adresse e-mail.")
	InvalidCode         = def("invalid_code", "Code incorrect ou expiré : saisissez le code à 6 chiffres affiché par votre application, ou un code de secours.")
	MFAExpired          = def("mfa_expired", "L'étape de double authentification a expiré : reconnectez-vous avec votre mot de passe.")
	TOTPRequired        = def("totp_required", "Cette installation exige la double authentification pour les administrateurs : activez-la depuis « Mon compte ».")
	TOTPCannotDisable   = def("totp_cannot_disable", "Cette installation exige la double authentification pour les administrateurs : elle ne peut pas être désactivée.")
	TOTPAlreadyEnabled  = def("totp_already_enabled", "La double authentification est déjà activée sur votre compte.")
	TOTPNotStarted      = def("totp_not_started", "Commencez par afficher le QR code à scanner avec votre application.")
	TOTPCodeIncorrect   = def("totp_code_incorrect", "Code incorrect : vérifiez l'heure de votre téléphone et saisissez le code affiché.")
	DigestHourRange     = def("digest_hour_range", "L'heure du résumé quotidien va de 0 à 23.")
	NotificationUnknown = def("notification_kind_unknown", "Type de notification inconnu : {kind}.")
	NotificationMode    = def("notification_mode_unknown", "Choisissez pour chaque type : immédiatement, résumé quotidien ou jamais.")

	// Users and clients (administration).
	EmailTaken                = def("email_taken", "Un compte existe déjà avec cette adresse e-mail.")
	RoleUnknown               = def("role_unknown", "Rôle inconnu : choisissez « client » ou « admin ».")
	AdminHasNoClient          = def("admin_no_client", "Un administrateur n'est rattaché à aucun client.")
	UserClientRequired        = def("user_client_required", "Choisissez le client auquel rattacher cet utilisateur.")
	ClientUnknown             = def("client_unknown", "Ce client n'existe pas.")
	UserClientArchived        = def("user_client_archived", "Ce client est archivé : restaurez-le avant d'y ajouter des utilisateurs.")
	AlreadyActive             = def("already_active", "Ce compte a déjà choisi son mot de passe : proposez-lui « Mot de passe oublié » s'il l'a perdu.")
	InvitationAccountDisabled = def("invitation_account_disabled", "Ce compte est désactivé : réactivez-le avant de renvoyer l'invitation.")
	SelfDemote                = def("self_demote", "Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
	SelfDisable               = def("self_disable", "Vous ne pouvez pas désactiver votre propre compte.")
	ContactEmailInvalid       = def("contact_email_invalid", "Adresse e-mail du contact invalide : vérifiez qu'elle a la forme nom@domaine.fr.")
	ClientNameTaken           = def("client_name_taken", "Un client porte déjà ce nom.")
	ConfirmNameMismatch       = def("confirm_name_mismatch", "Pour confirmer la suppression définitive, saisissez exactement le nom du client : « {name} ».")
	ClientNotEmpty            = defPlural("client_not_empty",
		"Ce client ne peut pas être supprimé : {count} élément y est rattaché (utilisateurs, projets). Archivez-le plutôt : ses données restent consultables.",
		"Ce client ne peut pas être supprimé : {count} éléments y sont rattachés (utilisateurs, projets). Archivez-le plutôt : ses données restent consultables.")

	// Projects and milestones.
	StatusFilterUnknown   = def("status_filter_unknown", "Statut inconnu : choisissez en_cours, en_pause ou termine.")
	ProjectStatusUnknown  = def("project_status_unknown", "Statut inconnu : choisissez En cours, En pause ou Terminé.")
	DeadlineBeforeStart   = def("deadline_before_start", "L'échéance ne peut pas précéder la date de début.")
	ProjectClientRequired = def("project_client_required", "Choisissez le client de ce projet.")
	ProjectClientArchived = def("project_client_archived", "Ce client est archivé : restaurez-le avant de lui affecter un projet.")
	ManagerNotActive      = def("manager_not_active", "Le responsable du projet doit être un membre actif de l'équipe.")
	MilestoneWeightRange  = def("milestone_weight_range", "Le poids d'une étape va de {min} à {max} (1 par défaut : toutes les étapes comptent autant).")
	MilestoneValidated    = def("milestone_validated", "Cette étape a été validée par le client : elle ne peut plus être supprimée.")
	MilestoneOrder        = def("milestone_order_mismatch", "L'ordre envoyé ne correspond pas aux étapes du projet : rechargez la page puis réessayez.")
	MilestoneStateUnknown = def("milestone_state_unknown", "État inconnu : choisissez a_venir, en_cours, livree ou validee.")

	// Tasks inside steps.
	TaskStatusUnknown     = def("task_status_unknown", "Statut inconnu : choisissez a_faire, en_cours, en_revue ou terminee.")
	TaskVisibilityUnknown = def("task_visibility_unknown", "Visibilité inconnue : choisissez « client » (visible au client) ou « interne ».")
	TaskAssigneeNotStaff  = def("task_assignee_not_staff", "La personne assignée doit être un membre actif de l'équipe.")
	TaskStepUnknown       = def("task_step_unknown", "Étape introuvable : choisissez une étape de ce projet.")
	TaskOtherProject      = def("task_other_project", "Cette étape appartient à un autre projet : une tâche ne peut être déplacée que vers une étape de son propre projet.")
	TaskPositionInvalid   = def("task_position_invalid", "La position commence à 1 (0 : à la fin de l'étape).")
	TaskOrder             = def("task_order_mismatch", "L'ordre envoyé ne correspond pas aux tâches de l'étape : rechargez la page puis réessayez.")
	PasteEmpty            = def("paste_empty", "Collez au moins une tâche : une par ligne.")
	PasteTooMany          = def("paste_too_many", "Vous avez collé {pasted} tâches : {max} au plus à la fois.")
	PasteLineTooLong      = def("paste_line_too_long", "Ligne {line} : le titre ne peut pas dépasser {max} caractères.")
	PasteLineInvalid      = def("paste_line_invalid", "Ligne {line} : le titre contient un caractère invalide.")

	// Calendar feeds.
	CalendarNotFound  = def("calendar_not_found", "Ce calendrier n'existe pas ou plus : son adresse a été renouvelée ou désactivée. Reprenez l'adresse dans « Mon compte ».")
	CalendarThrottled = defPlural("calendar_throttled",
		"Ce calendrier a été lu trop souvent : réessayez dans {count} minute.",
		"Ce calendrier a été lu trop souvent : réessayez dans {count} minutes.")

	// Deliverables, uploads and downloads.
	MilestoneNotInProject = def("milestone_not_in_project", "Cette étape n'appartient pas au projet.")
	UploadNoName          = def("upload_no_name", "Erreur de téléversement : le nom du fichier est manquant.")
	UploadTypeRefused     = def("upload_type_refused", "Erreur de téléversement : les fichiers « {ext} » ne sont pas acceptés sur ce portail.")
	UploadNoExtension     = def("upload_no_extension", "Erreur de téléversement : les fichiers sans extension ne sont pas acceptés sur ce portail.")
	UploadEmpty           = def("upload_empty", "Erreur de téléversement : le fichier est vide.")
	UploadInterrupted     = def("upload_interrupted", "Erreur de téléversement : la transmission du fichier a été interrompue. Réessayez.")
	FileTooLarge          = def("file_too_large", "Erreur de téléversement : le fichier dépasse la taille maximale ({max_bytes}).")
	DiskFull              = def("disk_full", "Erreur de téléversement : l'espace disque du serveur est insuffisant. Prévenez l'administrateur du portail.")
	FileMissing           = def("file_missing", "Erreur de téléchargement : le fichier est introuvable sur le serveur.")
	DecisionUnknown       = def("decision_unknown", "Décision inconnue : validez le livrable ou demandez des modifications.")
	ChangesNeedComment    = def("changes_comment_required", "Expliquez les modifications attendues : le commentaire est obligatoire pour renvoyer un livrable.")
	VersionSuperseded     = def("version_superseded", "Une version plus récente de ce livrable existe (v{latest}) : c'est elle qu'il faut valider ou commenter.")
	VersionValidated      = def("version_validated", "Cette version a été validée par le client : elle ne peut pas être supprimée.")

	// Messages.
	MessageEmpty          = def("message_empty", "Le message est vide : écrivez quelques mots ou joignez un fichier.")
	AttachmentUnavailable = def("attachment_unavailable", "Une pièce jointe est introuvable ou déjà envoyée : joignez à nouveau le fichier.")
	NotAuthor             = def("not_author", "Seul l'auteur d'un message peut le modifier ou le supprimer.")
	InternalStaffOnly     = def("internal_staff_only", "Seule l'équipe peut écrire une note interne.")
	MessageDeleted        = def("message_deleted", "Ce message a été supprimé.")
	EditWindowOver        = def("edit_window_over", "Un message ne peut plus être modifié ni supprimé {minutes} minutes après son envoi : écrivez plutôt un nouveau message.")
	SearchTooManyWords    = def("search_too_many_words", "La recherche porte sur {max} mots au plus : gardez les plus parlants.")
)

// The inputs an error can name ({label}).
var (
	LabelUserName         = label("user_name", "Le nom")
	LabelClientName       = label("client_name", "Le nom du client")
	LabelContactName      = label("contact_name", "Le nom du contact")
	LabelPhone            = label("phone", "Le téléphone")
	LabelAddress          = label("address", "L'adresse")
	LabelNotes            = label("notes", "Les notes")
	LabelProjectName      = label("project_name", "Le nom du projet")
	LabelDescription      = label("description", "La description")
	LabelStartDate        = label("start_date", "La date de début")
	LabelEndDate          = label("end_date", "La date de fin")
	LabelDeadline         = label("deadline", "L'échéance")
	LabelDueDate          = label("due_date", "La date prévue")
	LabelMilestoneTitle   = label("milestone_title", "Le titre de l'étape")
	LabelTaskTitle        = label("task_title", "Le titre de la tâche")
	LabelDeliverableTitle = label("deliverable_title", "Le titre du livrable")
	LabelNote             = label("note", "La note")
	LabelComment          = label("comment", "Le commentaire")
	LabelMessage          = label("message", "Le message")
)
