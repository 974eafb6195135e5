var e=`# Guide du client — Portail BIGDATA CENTER

Ce guide accompagne, pas à pas, les utilisateurs d'une société cliente : se connecter, suivre un
projet, valider un livrable, signaler un problème, échanger avec l'équipe et recevoir les échéances
dans son agenda. Chaque écran du portail a un bouton **?** à côté de son titre qui ouvre la section
correspondante de ce guide.

## Première connexion {#premiere-connexion}

1. Ouvrez l'e-mail d'invitation « Votre accès au portail BIGDATA CENTER » et cliquez sur le lien.
2. Choisissez votre mot de passe : 8 caractères au minimum, 12 ou plus conseillés (une phrase de
   quelques mots est facile à retenir). Saisissez-le deux fois, puis **Enregistrer**.
3. Vous arrivez sur la page **Connexion** : saisissez votre adresse e-mail et ce mot de passe,
   puis **Se connecter**.

![La page de connexion sur téléphone](images/connexion-telephone.png)

> **Ce que vous verrez :** votre tableau de bord, avec les projets de votre société. Votre nom et
> celui de votre société apparaissent dans le menu.

> **Si cela ne marche pas :** « Ce lien d'invitation a expiré » : demandez-en un nouveau à votre
> chef de projet. « Identifiant ou mot de passe incorrect » : vérifiez l'adresse (celle de
> l'invitation) et la touche Verr. Maj. ; après plusieurs essais, le portail fait patienter
> quelques minutes.

### Mot de passe oublié {#mot-de-passe-oublie}

Sur la page de connexion, **Mot de passe oublié ?**, saisissez votre adresse, puis suivez le lien
reçu par e-mail (valable une heure). Trois demandes par heure au plus envoient un e-mail : inutile
d'insister, vérifiez vos courriers indésirables et utilisez le lien le plus récent.

## Double authentification {#double-authentification}

Conseillée pour protéger les documents de votre société.

1. **Mon compte** → **Double authentification** → **Activer**.
2. Scannez le QR code avec une application d'authentification (FreeOTP, Google Authenticator,
   Microsoft Authenticator…), ou saisissez la clé affichée.
3. Saisissez le code à 6 chiffres que l'application affiche, puis **Confirmer**.
4. **Imprimez ou notez vos codes de secours** et rangez-les à l'abri : chacun remplace une fois le
   code de l'application.

> **Ce que vous verrez :** à chaque connexion, après le mot de passe, le portail demande le code
> à 6 chiffres de l'application.

> **Si cela ne marche pas :** un code refusé vient souvent de l'heure du téléphone : réglez-la
> en automatique. Téléphone perdu : connectez-vous avec un code de secours, puis désactivez et
> réactivez la double authentification avec le nouveau téléphone. Plus de codes de secours :
> contactez votre chef de projet.

## Mon compte {#mon-compte}

**Mon compte** regroupe votre nom, la **langue** du portail et des e-mails (français ou anglais),
votre **mot de passe**, la **double authentification**, vos **sessions ouvertes** (fermez celles
d'un ordinateur que vous n'utilisez plus), le choix des **e-mails de notification** et le
**calendrier des échéances**.

## Le tableau de bord {#tableau-de-bord}

La première page après la connexion. Vous y trouvez :

- la section **À traiter** : ce qui attend une action de votre part — les **versions à valider**,
  les **retours résolus à confirmer** et les **questions de l'équipe** restées sans réponse, avec
  depuis combien de jours ouvrés elles attendent ;
- vos projets, leur avancement en pourcentage, la prochaine étape et le nombre de retours ouverts ;
- vos derniers livrables.

Une pastille rouge « 2 nouveaux messages » signale une conversation à lire.

![Le tableau de bord sur téléphone](images/tableau-de-bord-client-telephone.png)

![La section « À traiter » du client sur téléphone](images/a-traiter-client-telephone.png)

> **Ce que vous verrez :** « Rien ne vous attend » quand aucune action n'est attendue de vous.

Lors de vos premières visites, la carte **Premiers pas** propose les sections de ce guide par
lesquelles commencer : se connecter et protéger son compte, suivre un projet, valider un
livrable, signaler un problème, échanger avec l'équipe, recevoir les échéances dans son agenda.
**Masquer** la retire pour de bon dans ce navigateur ; elle s'affiche une fois de plus sur un
autre appareil.

![La carte « Premiers pas » sur téléphone](images/premiers-pas-telephone.png)

## Suivre un projet {#projet}

**Projets** → le nom du projet. La page réunit la description, les dates, le statut (**En cours**,
**En pause**, **Terminé**), la barre d'avancement, les étapes et leurs tâches, les livrables, les
retours, les échanges et l'historique.

![La page d'un projet sur téléphone](images/projet-telephone.png)

- **Rapport PDF** / **Rapport CSV** : le rapport de suivi du projet, à transmettre en interne.
- **Imprimer** : une version A4 propre de la page.

> **Ce que vous verrez :** chaque étape avec son état (à venir, en cours, livrée, validée) et sa
> date prévue ; une étape en retard porte un symbole d'alerte et le mot « En retard ».

### Les tâches de chaque étape {#taches}

Sous chaque étape, l'équipe détaille son travail en **tâches** : vous voyez leur titre, leur
statut (**À faire**, **En cours**, **En revue**, **Terminée**), leur échéance, et le compte
« 7 tâches sur 12 terminées ». Ces informations sont en lecture seule : pour réagir, écrivez dans
les **Échanges** du projet. L'équipe peut aussi avoir des tâches internes, qui ne vous sont pas
montrées. Chaque tâche terminée apparaît dans l'**Historique du projet**.

Une tâche qui répond à l'un de vos retours l'indique sous son titre : « Répond au retour n° 2 : … »,
un lien vers ce retour. Sur la page du retour, la section **Tâches liées** montre à son tour le
travail prévu pour y répondre, avec l'étape et le statut de chaque tâche.

![Les tâches d'une étape, vues par le client sur téléphone](images/taches-client-telephone.png)

### D'où vient le pourcentage d'avancement ? {#avancement}

Cliquez sur **Pourquoi 42 % ?** sous la barre d'avancement : le tableau montre, pour chaque étape,
son poids, ce qui en compte et les points qu'elle apporte. Une étape livrée ou validée compte
entièrement ; une étape en cours compte en proportion de ses tâches terminées (y compris le
travail interne de l'équipe) ; une étape à venir ne compte pas encore. Le projet n'affiche 100 %
qu'une fois toutes ses étapes livrées.

## Valider un livrable {#livrables}

1. Page du projet, section **Livrables** : cliquez sur **Télécharger** à côté de la version.
   Une barre montre la progression, le pourcentage et le temps restant.
2. Vérifiez le fichier. L'**empreinte SHA-256** affichée permet de contrôler qu'il est intact.
3. **Valider** si la version vous convient, ou **Demander des modifications** en expliquant ce qui
   doit changer (obligatoire).

> **Ce que vous verrez :** la version porte « Validée » avec votre nom et la date ; une demande de
> modifications crée automatiquement un **retour** lié à la version (voir ci-dessous).

> **Si cela ne marche pas :** un téléchargement interrompu se relance avec le même bouton. Un
> fichier que votre antivirus bloque : prévenez votre chef de projet dans les échanges.

## Signaler un problème : les retours {#retours}

Une anomalie constatée pendant la recette, une demande d'évolution, une question : ouvrez un
**retour** plutôt qu'un e-mail, il sera suivi jusqu'à sa clôture.

1. Page du projet, section **Retours** → **Ouvrir un retour**.
2. Choisissez le **type** (Anomalie, Demande d'évolution, Question) et la **priorité** (Bloquant,
   Majeur, Mineur), donnez un **titre** et décrivez ce que vous avez fait, ce que vous attendiez
   et ce qui s'est passé.
3. Indiquez si besoin l'**étape** et la **version** du livrable concernées, et joignez vos
   **captures d'écran** (mêmes règles que les pièces jointes des messages).
4. **Envoyer le retour** : l'équipe est prévenue et la page du retour s'ouvre.

### Suivre un retour jusqu'à sa clôture {#suivre-retour}

Le retour passe par les états **Nouveau** → **Pris en compte** → **En cours** → **Résolu**.
Chaque changement vous est notifié et figure dans l'**Historique** du retour. L'équipe confie le
retour à l'un de ses membres, dont le nom s'affiche en **Responsable**, et peut ajuster sa
priorité ; les **Tâches liées**, quand il y en a, montrent le travail prévu pour y répondre. Quand il est
**Résolu**, lisez la note de résolution, téléchargez la version corrigée si elle est indiquée,
puis :

- **Confirmer et clôturer** si la résolution vous convient ;
- **Rouvrir** sinon, en expliquant ce qui ne va pas (obligatoire) : l'équipe le reprend.

Chaque retour a ses propres **Échanges sur ce retour** (précisions, nouvelles captures), distincts
de la conversation du projet. La liste des retours se filtre par état, type, priorité et étape, se
trie par les titres des colonnes (sur téléphone : **Trier par**), et s'exporte en CSV. Un retour
qui a des messages de l'équipe que vous n'avez pas encore lus affiche « N nouveaux messages » ;
le compteur disparaît quand vous ouvrez le retour, où une ligne **Nouveaux messages** marque où
vous vous étiez arrêté.

![Un retour résolu ouvert depuis la page du projet, sur téléphone](images/retour-client-telephone.png)

> **Ce que vous verrez :** le tableau de bord et les cartes des projets indiquent le nombre de
> retours ouverts ; ceux qui attendent votre confirmation apparaissent dans **À traiter**.

> **Si cela ne marche pas :** le bouton **Confirmer et clôturer** n'apparaît que sur un retour
> **Résolu** ; une capture trop lourde est refusée avec la taille maximale : réduisez-la ou
> envoyez-la en \`.zip\`.

## Échanger avec l'équipe {#echanges}

Section **Échanges** en bas de la page du projet :

1. Écrivez dans **Votre message**, puis **Envoyer** (ou Ctrl + Entrée).
2. **Joindre des fichiers** : une barre de progression s'affiche pendant l'envoi.
3. Vous pouvez **Modifier** ou **Supprimer** votre message pendant 15 minutes.

Les messages de l'équipe portent le badge « Équipe BIGDATA » ; les nouveaux arrivent sans
recharger la page, après le repère « Nouveaux messages ».

![Les échanges sur téléphone](images/echanges-telephone.png)

> **Si cela ne marche pas :** un message qui ne part pas reste dans la zone de saisie avec
> l'explication (connexion perdue, fichier trop lourd) : rien n'est perdu, réessayez.

## Notifications {#notifications}

La cloche en haut de l'écran affiche le nombre de notifications non lues (nouveau message, nouveau
livrable, étape livrée, retour pris en compte ou résolu…). Cliquez sur une notification pour ouvrir
la page concernée, ou **Tout marquer comme lu**.

![Les notifications sur téléphone](images/notifications-telephone.png)

Pour choisir les e-mails : **Mon compte** → **Notifications** ; pour chaque type d'événement,
**E-mail immédiat**, **Résumé quotidien** (à l'heure de votre choix) ou **Pas d'e-mail**.

## Les échéances dans votre agenda {#calendrier}

1. **Mon compte** → **Calendrier des échéances** → **Activer le calendrier**.
2. Une adresse privée s'affiche **une seule fois** : copiez-la.
3. Dans votre agenda, abonnez-vous à un calendrier par URL (Thunderbird : *Nouvel agenda → Sur le
   réseau* ; Outlook : *Ajouter un calendrier → À partir d'Internet* ; Google Agenda : *Autres
   agendas → + → À partir de l'URL*).

> **Ce que vous verrez :** les dates prévues des étapes et des tâches de vos projets, mises à jour
> d'elles-mêmes ; une marque « ✓ » signale ce qui est terminé.

> **Si cela ne marche pas :** cette adresse donne accès à vos échéances sans mot de passe : ne la
> partagez pas. Si elle a circulé, **Renouveler l'adresse** (l'ancienne cesse aussitôt de
> fonctionner : remplacez-la dans votre agenda) ou **Désactiver**.

## Installer le portail sur votre téléphone {#installer}

Le portail s'installe comme une application : dans Chrome (Android), menu **⋮** → **Installer
l'application** ; dans Safari (iPhone), **Partager** → **Sur l'écran d'accueil**. Il s'ouvre alors
en plein écran, et affiche « Vous êtes hors ligne » au lieu d'une erreur quand le réseau manque.
`;export{e as default};