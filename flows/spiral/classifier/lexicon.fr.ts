import type { Lexicon } from './lexicon-types.ts';

/**
 * French cues. Accents are optional on both sides (entries are normalised like
 * the input), elisions split into separate words ("l'école" → "l ecole").
 * Same weight scale as lexicon.en.ts; tuned on the dev fixtures only.
 */
export const lexiconFr: Lexicon = {
  A00: ['pauvre*=2', 'pauvrete=2', 'riche*=1.5', 'richesse*=1.5', 'moyens de vivre=3', 'de quoi vivre=3', 'pour vivre=1.5', 'besoins essentiels=3', 'besoins de base=3',
    'cout de la vie=3', 'vie chere=3', 'cher=1', 'chere=1', 'chers=1', 'prix=1', 'cout=1', 'couts=1', 'pas cher=1', 'misere=2', 'precarit*=2', 'precaire*=2', 'pouvoir d achat=3'],
  A01: [
    'placard*=1', 'poisson=1', 'lait=1.5', 'pates=1.5', 'riz=1', 'courses alimentaires=3', 'couches=1', 'lait infantile=3', 'gouter=1.5', 'sandwich*=1.5',
    'repas chaud=3', 'cantine scolaire=3', 'paniers=1',
    'mang*=2', 'nourrit*=2', 'alimen*=2', 'faim=2', 'repas=2', 'cuisin*=2', 'courses=1', 'faire les courses=2', 'faire ses courses=2', 'faire mes courses=2', 'legume*=2', 'fruit*=1.5', 'pain=1.5', 'eau potable=3',
    'eau=1', 'boire=1.5', 'cantine*=2', 'colis alimentaire*=3', 'restos du coeur=1.5', 'banque alimentaire=3', 'epicerie sociale=3', 'colis=1.5', 'viande=1.5', 'epicerie solidaire=3', 'petit dejeuner=2', 'diner=1.5', 'dejeuner=1.5', 'bouffe=2', 'frigo=2'],
  A02: [
    'pharmacie=2', 'appareil auditif=3', 'operation*=1', 'sage femme=2', 'delai*=1', 'delais d attente=3', 'voir un medecin=3', 'prise de sang=3',
    'carte vitale=3', 'ophtalmo*=2', 'dentier=2',
    'medecin*=2', 'docteur*=2', 'generaliste*=2', 'soins=2', 'soin=1', 'soign*=2', 'hopita*=2', 'urgence*=2', 'medicament*=2', 'dentist*=2', 'dentaire*=2',
    'pharmac*=2', 'infirmi*=2', 'securite sociale=2', 'mutuelle*=2', 'rembours*=1.5', 'specialiste*=2', 'ordonnance*=2', 'acces aux soins=3', 'centre de sante=3',
    'kine*=2', 'psychiatre*=2', 'honoraires=2', 'lunettes=1', 'operation=1', 'traitement*=2', 'cmu=2', 'ame=1', 'rendez vous medical=3', 'vaccin*=2'],
  A03: [
    'reparations=1.5', 'cafard*=1', 'souris=0.5', 'punaises=2', 'hebergement d urgence=3', '115=2', 'caravane*=1.5', 'machine a laver=1.5', 'f1=2', 'f2=2',
    'f3=2', 'f4=2', 'tour*=0.5', 'barre*=0.5', 'cles=1', 'colocation=2', 'coloc=2', 'radiateur*=1.5', 'fuite*=1.5', 'chambres=1',
    'logement*=2', 'loger=2', 'se loger=2', 'loyer*=2', 'toit=2', 'appart*=2', 'maison*=1.5', 'a la rue=3', 'dans la rue=0.5', 'sans abri=3', 'sans domicile=3', 'sdf=3',
    'hlm=2', 'chauffage=2', 'chauffe*=1.5', 'humidit*=2', 'humide=2', 'moisissure*=2', 'expuls*=2', 'meuble*=1.5', 'demenag*=1', 'deux pieces=2', 'studio=1.5', 'proprietaire*=1.5',
    'locataire*=2', 'hebergement*=2', 'heberge*=1.5', 'foyer=1', 'chez moi=0.5', 'isolation=1', 'electricite=1', 'insalubre*=2', 'squat*=2', 'hotel social=3', 'salle de bain*=2', 'salle d eau=2', 'eau chaude=2', 'logis=2'],
  A04: [
    'jean=1.5', 'jeans=2', 'gants=1.5', 'chaussettes=1.5', 'vetements neufs=3', 'cartable*=2', 'pantalon*=2', 'bonnet*=1',
    'vetement*=2', 'habill*=2', 'habits=2', 'chaussure*=2', 'friperie*=2', 'manteau*=2', 'bottes=2', 'blouson*=2', 'linge=1', 'fringues=2', 'baskets=1.5', 'vestiaire=1.5'],
  A05: [
    'brevet=2', 'bts=2', 'licence=1.5', 'master=1.5', 'cours du soir=3', 'soutien scolaire=3', 'maternelle=2', 'primaire=1.5', 'notes=1', 'lire et ecrire=3',
    'cours d informatique=3', 'francais langue etrangere=3', 'fle=2',
    'ecole=2', 'ecoles=2', 'scolar*=2', 'scolaire*=1', 'etud*=2', 'universit*=2', 'fac=2', 'formation*=2', 'former=1', 'apprend*=1.5', 'apprentissage*=2', 'apprenti*=2',
    'cours=1.5', 'enseign*=1.5', 'professeur*=2', 'prof=2', 'profs=2', 'instit*=2', 'maitresse=1.5', 'diplom*=2', 'educa*=2', 'lycee*=2', 'college*=2', 'alphabetisation=2',
    'bac=1.5', 'devoirs=2', 'savoir lire=2', 'stage*=1', 'competence*=1', 'connaissance*=1', 'orientation=1', 'ecrire=1'],
  A06: [
    'cv=2', 'entretien* d embauche=3', 'entretien*=1', 'recherche d emploi=3', 'demandeur* d emploi=3', 'auto entrepreneur=2', 'temps partiel=2',
    'temps plein=2', 'augmentation=1.5', 'stage*=1', 'petits boulots=3', 'menage=1', 'promotion=1.5',
    'travail=1.5', 'travaux=0.5', 'travaill*=1.5', 'emploi*=2', 'chomag*=2', 'chomeur*=2', 'boulot*=2', 'job*=2', 'salair*=2', 'salarie*=1', 'paye=1.5', 'paie=1.5',
    'revenu*=1.5', 'metier*=2', 'cdi=2', 'cdd=2', 'contrat*=1.5', 'embauche*=1.5', 'licenci*=2', 'patron*=1', 'interim*=2', 'gagner sa vie=3', 'gagner*=1', 'smic=2', 'taf=2', 'poste=1', 'chantier*=1', 'horaires=1.5', 'heures sup=3', 'heures supplementaires=3', 'bosser=2', 'bosse=1'],
  A07: [
    'cartes=1', 'echecs=2', 'bowling=2', 'karaoke=2', 'zoo=2', 'pique nique*=2', 'barbecue*=1.5', 'soiree*=1.5', 'restaurant*=1.5', 'resto=1.5', 'restos=1.5',
    'coiffure=1.5', 'de quoi s occuper=2', 'guitare=2', 'piano=2', 'couture=2', 'patisserie=2', 'mots croises=2', 'belote=2', 'petanque=2', 'centre aere=3',
    'colonie*=2', 'colo=2',
    'loisir*=2', 'sport*=2', 'foot*=2', 'piscine*=2', 'nag*=2', 'cinema*=2', 'concert*=2', 'musique*=2', 'lire=2', 'lecture*=2', 'livre=1.5', 'livres=1.5',
    'vacance*=2', 'voyag*=1.5', 'musee*=2', 'theatre*=2', 'cultur*=1.5', 'danse*=2', 'danser=2', 'jardin*=1', 'jardinage=2', 'jardiner=2', 'potager*=1.5', 'peint*=1.5',
    'dessin*=1.5', 'sortie*=1', 'sortir=1', 'activit*=1', 'club*=1', 'mediatheque*=2', 'bibliothe*=2', 'jeu=1', 'jeux=1', 'jeux video=2', 'balade*=1', 'promen*=1',
    'chant*=1', 'chorale=2', 'peche=1', 'randonn*=2', 'loto=2', 'match=1.5', 'matchs=1.5', 'bar=1', 'jardin ouvrier=3', 'jardins ouvriers=3', 'atelier*=1.5', 'spectacle*=2', 'fete*=1', 'festival*=2', 'bricol*=2', 'tricot*=2', 'series=1', 'tele=0.5', 'marche=0.5', 'detente=1'],
  A08: [
    'code de la route=3', 'moto*=1.5', 'scooter*=1.5', 'ticket de bus=3', 'horaires de bus=3', 'assurance auto=3', 'assurance voiture=3', 'ligne de bus=3',
    'tarif*=1', 'a pied=0.5',
    'transport*=2', 'bus=2', 'autobus=2', 'car=1', 'train=2', 'trains=2', 'en train de=0', 'tram*=2', 'metro*=2', 'voiture*=1.5', 'permis=2', 'velo*=1.5', 'essence=1.5',
    'carbur*=1.5', 'mobilit*=2', 'deplac*=1.5', 'conduire=1.5', 'covoitur*=2', 'taxi*=2', 'se deplacer=2', 'gare=1.5', 'ticket*=1', 'navette*=2', 'chauffeur*=1', 'chauffeur de bus=1', 'trajet*=1.5'],
  A09: [
    'aide sociale a l enfance=1', 'auxiliaire*=1.5', 'aide a la personne=3', 'portage=1.5', 'soins a domicile=3', 'infirmiere a domicile=3',
    'centre de loisirs=2', 'periscolaire=3', 'femme de menage=2', 'aides a domicile=3',
    'aide a domicile=3', 'aide menagere=3', 'aides menageres=3', 'auxiliaire de vie=3', 'creche*=2', 'garde=1', 'garde d enfants=3', 'garde des enfants=3', 'nounou*=2', 'assistante maternelle=3',
    'ehpad=3', 'maison de retraite=3', 'services a la personne=3', 'aidant*=1.5', 'portage de repas=3', 'accueil de jour=3', 'aide soignante=2', 'halte garderie=3', 'garderie=2', 'aide soignant*=2', 'accompagnement=1'],
  A10: [
    'fauche*=2', 'galere*=1.5', 'cheques services=2', 'bons alimentaires=3', 'allocations familiales=3', 'facture d electricite=3', 'gaz et electricite=3',
    'factures d energie=3', 'taxe d habitation=2', 'euros=1', 'sous de cote=3', 'droits sociaux=3', 'impayes=2', 'credit a la consommation=3',
    'argent=2', 'fric=2', 'sous=1', 'thune=2', 'dette*=2', 'credit*=1.5', 'banque=1', 'epargn*=1.5', 'de cote=1.5', 'allocation*=2', 'alloc*=2', 'aides sociales=3',
    'les aides=1', 'rsa=2', 'apl=2', 'factur*=2', 'fin de mois=3', 'fins de mois=3', 'fin du mois=3', 'payer=1', 'paye=0.5', 'pension*=2', 'retraite*=1.5', 'budget*=1',
    'acheter=1', 'achat*=1', 'endett*=2', 'surendett*=2', 'minima sociaux=3', 'finance*=1.5', 'economies=1.5', 'decouvert=2', 'huissier*=2', 'moyens=1'],
  A11: [
    'facebook=1', 'tablette=1', 'prospectus=1.5', 'tableau d affichage=3', 'affichage=1.5', 'flyers=1.5', 'lettre d information=3', 'forfait*=1.5',
    'recevoir les infos=3',
    'internet=2', 'information*=2', 'inform*=1.5', 'telephone*=1.5', 'portable*=1.5', 'ordinat*=2', 'numerique*=1.5', 'journal=1', 'journaux=1.5', 'television=1',
    'radio=1.5', 'reseaux sociaux=2', 'wifi=2', 'communic*=1', 'site internet=2', 'en ligne=1.5', 'mail*=1', 'actualit*=1.5', 'nouvelles=1', 'reseau=1.5', 'journal local=2'],

  B00: [
    'moche*=1.5', 'laid*=1', 'beau=0.3', 'inondation*=1', 'decor=1.5', 'cadre=1',
    'environnement*=2', 'cadre de vie=3', 'quartier*=1', 'ville=0.5', 'village*=0.5', 'campagne*=2', 'cite=0.5', 'rue=0.5', 'rues=0.5', 'paysage*=1', 'vue=1',
    'lieu de vie=3', 'agreable=0.5', 'calme=0.5', 'tranquille=0.5', 'delabre*=2', 'climat=1.5', 'meteo=1.5', 'soleil=1', 'endroit*=1', 'la ou j habite=2', 'ou j habite=2', 'ou on habite=2', 'banlieue=1'],
  B01: [
    'camions=1.5', 'vitesse=1.5', 'pigeons=1', 'poussiere=1.5', 'gaz d echappement=3', 'encombrants=2', 'conteneur*=1.5', 'puanteur=2',
    'pollu*=2', 'bruit*=2.5', 'bruyant*=2.5', 'propre=1.5', 'propres=1', 'proprete=2', 'sale=2', 'sales=2', 'salete*=2', 'dechet*=2', 'poubelle*=2', 'ordure*=2',
    'crotte*=2', 'tag=1.5', 'tags=1.5', 'odeur*=1.5', 'fumee*=1.5', 'air pur=3', 'qualite de l air=3', 'air=1', 'circulation=1.5', 'depot* sauvage*=3', 'nuisance*=2', 'embouteillage*=2', 'bouchons=1.5', 'usine*=1.5', 'cheminee*=1', 'camion*=1.5'],
  B02: [
    'passage pieton=3', 'rond point*=2', 'trottoir abime=3', 'chemin*=1', 'ramp*=1', 'eclairage public=3', 'reverbere*=2', 'sentier*=1',
    'route*=1.5', 'trottoir*=2', 'nid de poule=3', 'nids de poule=3', 'eclairage*=2', 'lampadaire*=2', 'infrastruct*=2', 'pont=1', 'ponts=1', 'egout*=2',
    'toilettes publiques=3', 'parking*=1.5', 'stationnement*=1.5', 'amenag*=1', 'passage pieton*=2', 'passages pieton*=2', 'voirie=2', 'chaussee=2', 'piste* cyclable*=2', 'travaux dans=1', 'ascenseur*=1.5', 'accessibilite=1.5', 'passage souterrain=3', 'souterrain=2', 'arret de bus=3', 'arret du bus=3', 'abribus=2'],
  B03: [
    'place du village=3', 'fontaine*=1.5', 'terrain de foot=2', 'terrain de jeux=3',
    'place=0.5', 'place publique=3', 'asseoir=1.5', 'banc=1.5', 'bancs=1.5', 'aire de jeux=3', 'aires de jeux=3', 'espace public=3', 'espaces publics=3', 'lieu de rencontre=3',
    'lieux de rencontre=3', 'jardin partage=3', 'jardins partages=3', 'city stade=2', 'skate park=2'],
  B04: [
    'ciel=1.5', 'coucher de soleil=2', 'faune=2', 'haie*=1.5', 'herbe=1.5', 'champs=1.5', 'prairie*=2', 'bord de mer=2', 'jardins=1',
    'nature=2', 'espace vert=3', 'espaces verts=3', 'parc=2', 'parcs=2', 'arbre*=2', 'foret*=2', 'bois=0.5', 'riviere*=2', 'fleuve*=2', 'lac=2', 'lacs=2', 'mer=2',
    'plage*=2', 'montagne*=2', 'fleur*=1.5', 'campagne=1', 'animaux=1', 'oiseau*=1.5', 'plein air=2', 'verdure=2', 'vert=1', 'verts=1', 'jardin public=3', 'jardins publics=3', 'paysage=1', 'grand air=2', 'colline*=2', 'canard*=1.5', 'etang*=2'],
  B05: [
    'ruelle*=1.5', 'videosurveillance=2', 'rodeo*=2', 'squats=1', 'dealers=2', 'point de deal=3',
    'securite=1', 'insecur*=1.5', 'dangere*=2', 'danger=2', 'agress*=1.5', 'deal=1.5', 'dealer*=2', 'trafic*=1.5', 'vol=0.5', 'vols=1', 'cambriol*=2', 'delinquan*=1.5', 'bandes=1', 'surete=1'],
  B06: [
    'ferme=0.5', 'commerces de proximite=3', 'epicerie=1.5', 'boucherie*=1.5', 'bureau de poste=2', 'cafe=1', 'bistrot=1.5',
    'commerce*=1.5', 'magasin*=1.5', 'boulangerie*=1.5', 'la poste=2', 'supermarche*=1.5', 'proximite=1', 'marche couvert=2', 'distributeur*=1', 'boutique*=1'],

  C00: [
    'austerite=2', 'argent public=3',
    'institution*=2', 'etat=1', 'gouvern*=2', 'systeme=2', 'autorit*=2', 'services publics=3', 'service public=3', 'pouvoirs publics=3', 'public=0.5', 'confiance dans=1', 'republique=1.5'],
  C01: [
    'conseillers municipaux=3', 'premier ministre=2', 'les decideurs=2', 'decideurs=2',
    'politi*=2', 'elu=2', 'elus=2', 'elue=2', 'elues=2', 'maire=2', 'mairie*=2', 'municipal*=2', 'municipalite=2', 'conseil municipal=3', 'conseil*=1', 'ministr*=2', 'depute*=2',
    'president*=1.5', 'corrupt*=2', 'corrompu*=2', 'collectivit*=2', 'commune=1', 'departement=1', 'region=0.5'],
  C02: [
    'sanction*=2', 'referent*=1.5', 'conseiller pole emploi=3', 'en ligne=1', 'plateforme telephonique=3', 'attente au telephone=3', 'titre de sejour=3',
    'carte de sejour=3', 'passeport=1.5', 'visa=1.5', 'les papiers=2',
    'administra*=2', 'paperass*=2', 'bureaucra*=2', 'pole emploi=3', 'france travail=3', 'caf=2', 'cpam=2', 'services sociaux=3', 'service social=3', 'assistante sociale=3',
    'assistantes sociales=3', 'assistant social=3', 'travailleur social=3', 'travailleurs sociaux=3', 'guichet*=1.5', 'dossier*=1.5', 'formulaire*=1.5', 'rendez vous=0.5',
    'impot*=2', 'taxe*=1.5', 'fonctionnaire*=2', 'prefecture*=2', 'bailleur social=3', 'bailleurs sociaux=3', 'office hlm=3', 'demarches en ligne=3', 'bailleur*=1.5', 'demarche*=1.5', 'papiers=1.5', 'attente=0.5',
    'accueil du public=3', 'radie*=2', 'radiation=2', 'services=1', 'administration=2', 'secu=1.5'],
  C03: [
    'recours=1.5', 'prud hommes=3', 'garde a vue=3', 'casier judiciaire=3', 'aide juridictionnelle=3', 'commissariat*=2',
    'justice=1.5', 'protege*=1', 'defend*=1.5', 'tribunal*=2', 'juge=2', 'juges=2', 'loi=2.5', 'lois=2.5', 'droit=1', 'droits=1', 'avocat*=2', 'prison*=2', 'police*=2', 'polici*=2', 'gendarm*=2', 'flic*=2',
    'controle*=1', 'au facies=2', 'facies=2', 'amende*=1', 'juridique*=2', 'plainte*=1.5', 'bavure*=2'],
  C04: [
    'notre vote=3', 'reunion publique=3', 'reunions publiques=3', 'voix=1', 'notre voix=3', 'consultation*=2', 'conseil des jeunes=3',
    'vote*=2', 'voter=2', 'elect*=2', 'democrat*=2', 'democratie=2', 'citoyen*=1', 'particip*=1', 'decision*=1', 'decid*=0.5', 'consult*=1', 'donner son avis=3',
    'donner notre avis=3', 'avis=1', 'concertation=2', 'referendum=2', 'petition*=2', 'conseil citoyen=3', 'conseils citoyens=3', 'conseil de quartier=3', 'conseils de quartier=3',
    'a l ecoute=1.5', 'pris en compte=1.5', 'notre mot a dire=3', 'mot a dire=2', 'budget participatif=3', 'assemblee*=2'],
  C05: [
    'association de quartier=3', 'association de parents=3', 'restos du coeur=1.5', 'le secours=2',
    'association*=2', 'asso=2', 'assos=2', 'centre social=3', 'centres sociaux=3', 'syndicat*=2', 'maison de quartier=3', 'ong=2', 'mjc=2', 'maison des jeunes=3', 'secours populaire=2', 'secours catholique=2', 'croix rouge=2', 'emmaus=2'],
  C06: ['employeur*=1.5', 'banques=1', 'entreprise*=1', 'patronat=2', 'multinationale*=2'],

  D00: [
    'noel=1', 'calin*=2', 'bisou*=1.5', 'm appelle=2', 'nous appelle=2', 'rigoler avec=2', 'repas de famille=3', 'retrouvailles=2', 'bavard*=1.5', 'papot*=2',
    'un cafe avec=2',
    'relation*=1', 'relationnel=1', 'quelqu un a qui parler=3', 'parler=1', 'discut*=1', 'visite*=1', 'rendre visite=2', 'entente=1.5', 's entendre=2', 'entendre=1',
    'contact*=1', 'dispute*=1.5', 'conflit*=1', 'manque=1', 'entour*=1.5', 'proche*=1.5', 'lien*=1', 'ensemble=1', 'soutien=1', 'vie sociale=2', 'gens qu on aime=3', 'personnes que j aime=3', 'rencontr*=1'],
  D01: [
    'belle mere=3', 'beau pere=3', 'belle fille=2', 'beau fils=2', 'veuf=2', 'veuve=2', 'parrain=2', 'marraine=2', 'jumeaux=1.5', 'mes gosses=3',
    'famil*=2', 'famile=2', 'mere=2', 'maman*=2', 'pere=2', 'papa*=2', 'parent=2', 'parents=2', 'parental*=1.5', 'enfant*=1.5', 'fils=2', 'fille=1.5', 'filles=1.5',
    'frere*=2', 'soeur*=2', 'grands parents=3', 'grand parents=3', 'grand mere=3', 'grand pere=3', 'petits enfants=3', 'petit enfant=3', 'petite fille=2', 'petit fils=3',
    'oncle*=2', 'tante*=2', 'cousin*=2', 'ado=1.5', 'ados=1.5', 'adolescent*=1', 'bebe*=1', 'gamin*=1', 'gosses=1', 'neveu*=2', 'niece*=2', 'foyer familial=3'],
  D02: [
    'ma moitie=3', 'rencontre amoureuse=3', 'mon homme=2',
    'amour*=2', 'amoureu*=2', 'mari=2', 'femme=1', 'ma femme=3', 'epoux=2', 'epouse=2', 'conjoint*=2', 'conjugal*=2', 'couple*=2', 'mariage*=2', 'marie=1',
    'divorc*=2', 'separation=1.5', 'copain=1', 'copine=1', 'mon copain=2', 'ma copine=2', 'compagnon=2', 'compagne=2', 'cheri*=2', 'amoureuse=2'],
  D03: [
    'ami d enfance=3', 'amis d enfance=3', 'copains d enfance=3',
    'ami=2', 'amis=2', 'amie=2', 'amies=2', 'amiti*=2', 'copains=2', 'copines=2', 'pote=2', 'potes=2', 'meilleur ami=3', 'meilleure amie=3', 'bande de copains=3'],
  D04: ['voisin*=2', 'palier=1'],
  D05: ['collegue*=2', 'camarade*=2', 'equipe=0.5'],
  D06: [
    'pas de visite=3', 'personne a qui parler=3', 'seul toute la journee=3', 'sans personne=2',
    'seul=2', 'seule=2', 'seuls=2', 'seules=2', 'solitude=2', 'isol*=2', 'personne ne=2', 'personne a qui=2', 'abandonne*=1', 'sans amis=3', 'plus d amis=3', 'personne avec qui=2.5'],

  E00: ['societe=1.5', 'dans la societe=2', 'social=0.5', 'sociale=0.5', 'entre=1', 'tout le monde=1', 'chacun=0.5', 'pour tous=1.5', 'pour tout le monde=1.5', 'les gens comme nous=1', 'monde=0.5'],
  E01: [
    'meme salaire=3', 'moins payes=2', 'ecart de salaire=3', 'genre=1', 'les pauvres=1.5', 'deux vitesses=2',
    'egalit*=2', 'inegalit*=2', 'inegal*=2', 'egal*=1.5', 'egaux=2', 'memes droits=3', 'meme droits=3', 'justice sociale=3', 'injust*=1.5', 'juste=1', 'equit*=2',
    'ecart*=2', 'riches et pauvres=3', 'pareil=1', 'memes chances=3', 'egalite des chances=3', 'privilege*=1.5', 'partage des richesses=3', 'partager les richesses=3', 'hommes femmes=2', 'femmes hommes=2', 'hommes et femmes=2'],
  E02: ['solidar*=2', 'entraide*=2', 's entraider=3', 'fraternit*=2', 'cohesion=2', 'lien social=3', 'liens sociaux=3', 'les uns les autres=2', 'les uns des autres=2', 'uns des autres=2', 'vivre ensemble=3'],
  E03: [
    'foulard=1.5', 'couleur de peau=3', 'ageisme=2', 'laisses de cote=3', 'laisser de cote=3', 'respect des handicapes=3', 'ghetto*=1.5',
    'citoyen de seconde zone=3', 'regarde de travers=3', 'on nous regarde=2',
    'discrimin*=2', 'racis*=2', 'sexis*=2', 'homophob*=2', 'xenophob*=2', 'prejuge*=2', 'stigmat*=2', 'exclu*=2.5', 'inclusion=2', 'couleur=1', 'origine*=1',
    'de travers=2', 'regard des autres=2', 'mal vu*=2', 'cliche*=1.5', 'etiquet*=1.5', 'islamophob*=2', 'antisemit*=2', 'mepris=1', 'rejet=1', 'medias=1.5', 'gens du voyage=3', 'accuse*=1.5', 'mis a l ecart=3', 'a l ecart=2'],
  E04: [
    'emeutes=2', 'fusillade*=2', 'radicalis*=2', 'extremis*=2', 'insecurite=0.5',
    'paix=2', 'guerre*=2', 'violence*=1', 'violent*=1', 'terroris*=2', 'emeute*=2', 'conflits=0.5', 'dans le monde=1.5'],
  E05: ['valeurs=1.5', 'egois*=1', 'individualis*=2', 'respect mutuel=3', 'respect de=1', 'respect des=1', 'respect entre=2', 'humanite=1.5'],
  E06: [
    'accueil des=1.5', 'se melanger=2', 'demandeurs d asile=3', 'asile=2', 'vieux et jeunes=3', 'nouveaux arrivants=2', 'echange culturel=3',
    'autres cultures=3', 'autres religions=3', 'interculturel=2',
    'generation*=1', 'religions=1.5', 'migrant*=1.5', 'immigr*=1.5', 'refugie*=1.5', 'etranger*=1.5', 'communaute*=1', 'cultures=1.5', 'diversite=2', 'multicultur*=2', 'integration=1.5', 'mixite=2', 'jeunes et vieux=2', 'intergeneration*=2'],
  E07: [
    'nos petits enfants=1', 'climat=1', 'proteger la planete=3',
    'generations futures=3', 'futures generations=3', 'planete=1.5', 'changement climatique=3', 'rechauffement=2', 'durable*=1.5', 'la terre=1'],

  F00: ['equilibr*=1.5', 'bien dans sa peau=3', 'bien dans ma peau=3', 'dans sa peau=2', 'dans ma peau=2', 'moi meme=1.5', 'soi meme=1.5', 'pour soi=1.5', 'pour moi=1',
    'prendre soin de soi=3', 'prendre soin de moi=3', 'soin de soi=3', 'en paix avec soi meme=3', 'en paix avec moi meme=3', 'bien etre=0.5', 'etre bien=0.5'],
  F01: [
    'courbatures=2', 'arthrose=2', 'sobre=2', 'drogue*=1.5', 'arreter de fumer=3', 'se lever le matin=2', 'marcher tous les jours=2', 'manger equilibre=3',
    'tension arterielle=3', 'asthme=2', 'migraine*=2', 'maigrir=3', 'perdre du poids=3', 'arreter de boire=3',
    'sante=1.5', 'santee=1.5', 'bonne sante=3', 'en bonne sante=3', 'malad*=2', 'douleur*=2', 'mal au dos=3', 'mal a la tete=3', 'mal au*=2', 'fatigu*=2', 'corps=1',
    'en forme=2', 'forme=1', 'poids=1', 'cancer=2', 'diabete=2', 'handicap*=1', 'physique=1', 'dos=1', 'tabac=1.5', 'alcool*=1.5', 'addiction*=1.5', 'bouger=1', 'garder la forme=3', 'genou*=2', 'font mal=2', 'fait mal=2', 'fumer=2', 'surpoids=2', 'obesit*=2', 'manger sainement=1'],
  F02: [
    'ruminer=2', 'sautes d humeur=3', 'bipolaire=2', 'nerfs=2', 'maladie mentale=3', 'antidepresseur*=2', 'vider la tete=3', 'lacher prise=3',
    'stress*=2', 'depress*=2', 'deprim*=2', 'burn out=3', 'burnout=3', 'sante mentale=3', 'mental*=2', 'psycholog*=1.5', 'psy=2', 'therapie*=2', 'moral=1.5', 'le moral=2',
    'pression=1', 'crise*=1.5', 'crises=1.5', 'crise de panique=3', 'crises de panique=3', 'crise d angoisse=3', 'crises d angoisse=3', 'angoisse=1', 'nerveu*=1.5', 'suicid*=2', 'epuis*=2', 'surmenage=2', 'charge mentale=3', 'craqu*=1.5', 'anxiet*=1'],
  F03: [
    'se coucher tot=3', 'insomnie*=2', 'respirer=2', 'a son rythme=3', 'mon espace=2', 'espace a moi=3', 's allonger=2', 'jour de repos=3', 'jours de repos=3',
    'week end=1', 'weekend=1',
    'temps=1.5', 'temps pour soi=3', 'temps pour moi=3', 'temps libre=2.5', 'le temps de=2', 'pas le temps=2', 'plus le temps=2', 'emploi du temps=3', 'rythme*=2',
    'courir=1', 'presse=1', 'sommeil=2', 'dorm*=2', 'repos*=2', 'detend*=2', 'detente=1', 'relax*=2', 'concilier=1.5', 'trop de travail=2', 'vie de famille et travail=3',
    'pause*=1.5', 'sieste=2', 'ralentir=2', 'prendre le temps=3', 'occup*=1', 'grasse matinee=3', 'routine*=2', 'souffler=1.5'],
  F04: [
    'sortir de chez moi=2', 'canne=1.5', 'deambulateur=3', 'le faire moi meme=3', 'mes propres decisions=3', 'dependre de=1.5',
    'autonom*=2', 'independ*=2', 'handicap*=1', 'handicape*=1', 'fauteuil roulant=3', 'sans aide=2', 'tout seul=1', 'toute seule=1', 'mes choix=2', 'choix=1',
    'decider pour moi=3', 'decider par moi meme=3', 'ma vie=0.5', 'libre de=1.5', 'dependance=1.5', 'dependant*=1.5', 'liberte de choisir=3', 'habiller seul=4', 'habiller seule=4', 'laver seul=4', 'laver seule=4'],
  F05: [
    's aimer=3', 'tel que je suis=3', 'telle que je suis=3', 'm affirmer=3', 's affirmer=3', 'ma valeur=2', 'image de moi=3',
    'confiance en soi=3', 'confiance en moi=3', 'confiance=1', 'estime de soi=3', 'estime=1.5', 'qui je suis=2', 'etre soi=2', 'etre moi meme=2', 'timid*=1.5',
    's accepter=3', 'image de soi=3', 'croire en moi=3', 'croire en soi=3', 'complexe*=1.5', 'a l aise dans=3', 'dans mes baskets=3', 'dans ses baskets=3'],
  F06: [
    'temple=2', 'chapelet=2', 'saint*=1', 'ame=1', 'ma religion=3',
    'prier=2', 'priere*=2', 'foi=2', 'dieu=2', 'eglise*=2', 'mosquee*=2', 'synagogue*=2', 'messe=2', 'religi*=1.5', 'spiritu*=2', 'meditat*=2', 'yoga=1',
    'bible=2', 'coran=2', 'croyan*=1.5', 'croire=1', 'sens de la vie=3', 'sens a ma vie=3', 'sens=0.5', 'allah=2', 'jesus=2', 'paix interieure=3', 'ramadan=2', 'culte=1.5'],
  F07: [
    'apprendre des choses=3', 'apprendre de nouvelles choses=3', 'nouvelles competences=2', 'projets de vie=3',
    'epanou*=2', 'developpement personnel=3', 'projet*=1', 'reve*=1', 'objectif*=1.5', 'ambition*=1.5', 'progress*=1', 'realiser*=1.5', 'evoluer=1.5', 'grandir=1', 'avancer=1', 'me depasser=3', 'ce que je veux=2.5', 'defi*=1'],

  G00: ['sentir=1', 'se sentir=1.5', 'me sentir=1.5', 'je me sens=1.5', 'sent=1', 'sentiment*=1.5', 'emotion*=1.5', 'mal etre=1', 'humeur=1'],
  G01: [
    'avoir hate=2', 'hate de=2', 'une bonne journee=2', 'merveilleu*=1.5', 'genial=1', 'super=0.5',
    'heureu*=2', 'bonheur=2', 'joie*=2', 'joyeu*=2', 'content*=1.5', 'satisf*=2', 'plaisir*=2', 'rire=2', 'rires=2', 'rigol*=2', 'amus*=2', 's amuser=2', 'sourire*=0.5',
    'profiter=1', 'kiff*=2', 'bonne humeur=3', 'se faire plaisir=3', 'chance=1', 'gratitude=1.5', 'reconnaissant*=1.5', 'bien=0.3'],
  G02: [
    'peur de=2', 'plus peur=2', 'ce qui va arriver=3', 'cauchemar*=2', 'incertitude*=2', 'insecurite=1.5',
    'peur*=2', 'crain*=2', 'crainte*=2', 'inquiet*=2', 'inquietude*=2', 'angoiss*=1.5', 'anxieu*=1.5', 'effray*=2', 'terrifi*=2', 'stresse=1', 'apprehen*=2', 'panique*=1.5'],
  G03: [
    'mauvais jours=2', 'brise*=1', 'larmes=2', 'en larmes=3', 'perte=1.5',
    'triste*=2', 'malheur*=2', 'chagrin*=2', 'pleur*=2', 'souffr*=1.5', 'desespoir=2', 'desesper*=2', 'perdu=1', 'perdue=1', 'deprime=1', 'vide=1', 'deuil=2', 'cafard=2', 'blesse*=1', 'peine=1.5'],
  G04: [
    'un fardeau=3', 'compter=1', 'vu=0.5', 'entendu=1', 'etre entendu=2', 'je compte=3', 'important pour=2',
    'utile=2', 'utiles=2', 'inutile*=2', 'reconnu=2', 'reconnue=2', 'reconnus=2', 'reconnaissance=2', 'valoris*=2', 'apprecie=2', 'appreciee=2', 'apprecies=2',
    'respecte=1.5', 'respectee=1.5', 'respectes=1.5', 'fier=2', 'fiere=2', 'fierte=2', 'compter pour=2', 'ignore*=1.5', 'nul=1.5', 'nulle=1.5', 'rejete*=2',
    'pris au serieux=3', 'considere*=1.5', 'consideration=1.5', 'merci=1', 'invisible*=1.5', 'servir a quelque chose=3', 'a sa place=1.5', 'appartenance=1.5', 'remarqu*=2.5', 'un poids=3'],
  G05: [
    'vie tranquille=2', 'respirer un peu=2', 'en paix=2', 'sain et sauf=3',
    'calme=1', 'serenit*=2', 'serein*=2', 'tranquil*=1.5', 'libre=1', 'libres=1', 'se sentir libre=3', 'liberte=2', 'apais*=2', 'paix interieure=3', 'zen=2',
    'paisible*=1.5', 'chez soi=1.5', 'a l aise=2', 'soulag*=2', 'insouciance=2', 'en securite=1.5', 'se sentir en securite=3'],
  G06: [
    'avoir hate=1', 'l avenir=1.5', 'perspectives=2', 'jours meilleurs=3', 'des jours meilleurs=3',
    'espoir*=2', 'esper*=1.5', 'avenir=1', 'futur=1', 'confiance en l avenir=3', 'optimis*=0.5', 'lendemain*=1.5', 'perspective*=1.5'],
  G07: [
    'furieu*=2', 'contrarie*=2', 'rancune=2', 'impuissan*=2',
    'colere=2', 'honte*=2', 'frustr*=2', 'ennui=2', 'ennuy*=2', 'rage=2', 'haine=1.5', 'jalou*=2', 'marre=2', 'decep*=2', 'decu*=2', 'humili*=2', 'enerv*=2',
    'culpabilit*=2', 'coupable=1.5', 'amertume=2', 'degout*=1.5', 'revolt*=1.5', 'injustice=0.5'],

  H00: ['^je=0.5', '^j=0.5', 'comport*=1.5', 'attitude*=1.5', 'les autres=1', 'autrui=1.5', 'essayer de=1', 'j essaie=1'],
  H01: [
    'entraineur*=1.5', 'aller aux reunions=3', 'signer des petitions=3', 'participer=1', 'defendre=1.5', 'prendre la parole=2',
    'engag*=2', 's engager=3', 'impliq*=2', 'implication=2', 'initiativ*=2', 'milit*=2', 'mobilis*=2', 'agir=1.5', 'participer a la vie=3', 'contribu*=1.5', 'organis*=1', 'prendre part=2'],
  H02: [
    'cuisiner pour=3', 'porter les courses=3', 'garder les enfants de=3', 'parrainage=2', 'tutorat=2', 'rendre un service=3',
    'aider=2.5', 'aide=0.5', 'aidez=2', 'aidons=2', 'benevol*=3', 'pour les autres=2.5', 'donner de son temps=3', 'donner de mon temps=3', 'donner du temps=3',
    'rendre service=3', 'rendre des services=3', 'secourir=2', 'coup de main=3', 'soutenir=1.5', 'bonne action=3', 'bonnes actions=3', 'etre la pour=2', 'veiller sur=2.5', 'donne=1.5', 'sang=1.5', 'mon sang=3', 'son sang=3', 'gratuitement=1.5', 'fete des voisins=3'],
  H03: [
    'echanger=2', 'donner ce qu=3', 'refiler=2',
    'partag*=2', 'genero*=2', 'donner=1.5', 'don=1.5', 'dons=1.5', 'faire des dons=3', 'preter=1.5', 'echange*=1', 'offrir=1.5', 'troc=1.5'],
  H04: [
    'vivre et laisser vivre=3', 'opinions differentes=3', 'etre ouvert=2', 'pardonner=2', 'pardon=2', 's excuser=3',
    'toleran*=2', 'tolerant*=2', 'ouverture d esprit=3', 'ouverture=1.5', 'ouvert*=1', 'respect*=1.5', 'respecter=2', 'juger=2', 'sans juger=3', 'ecout*=1', 'j ecoute=2',
    'accept*=1', 'bienveill*=2', 'empathie=2', 'comprehensi*=1.5', 'accueil*=1', 'humilit*=2'],
  H05: [
    'se garer=1.5', 'doubler dans la queue=3', 'crachent=2', 'cracher=2', 'insultes=1.5', 'gros mots=3', 'irrespect*=2', 'manque de respect=3', 'de respect=1',
    'responsab*=2', 'regle*=1', 'honnet*=2', 'politesse=2', 'poli=2', 'polie=2', 'polis=2', 'impoli*=2', 'incivil*=2', 'civis*=2', 'civique=1.5', 'jeter=2', 'jettent=2',
    'jette=2', 'par terre=1', 'egoist*=1', 'ponctu*=2', 'tenir parole=3', 'tenir ses promesses=2', 'savoir vivre=2', 'savoir-vivre=2', 'bonjour=2', 'promesse*=2', 'crier=2', 'a l heure=2', 'ramass*=2'],
  H06: [
    'me plaindre=2', 'rester positif=3', 'garder le sourire=3', 'un jour a la fois=3', 'rire de moi=3', 'relativiser=3',
    'positi*=2', 'gentil*=2', 'sympa=0.5', 'patien*=2', 'baisser les bras=3', 'abandonner=1.5', 'courage*=2', 'perseve*=2', 'effort*=1', 'optimis*=1.5', 'sourire=1.5',
    'sourires=1.5', 'souris=1', 'se battre=2', 'battre=1', 'motivation=1.5', 'motive*=1.5', 'humour=1.5', 'tenir bon=3', 'garder le moral=3', 'volonte=2'],
  H07: [
    'seconde main=2', 'reutiliser=2', 'reparer=2', 'ramasser les dechets=3', 'eteindre la lumiere=3', 'eteindre les lumieres=3', 'covoiturage=2',
    'douches courtes=3', 'produire mes legumes=3', 'acheter local=3', 'acheter en vrac=3', 'vrac=2',
    'trier=2.5', 'tri=2.5', 'trie=2', 'recycl*=2.5', 'economiser=1.5', 'economis*=1.5', 'energie*=1', 'gaspill*=2', 'ecolo*=2', 'eco geste*=3', 'ecogeste*=3',
    'nettoy*=1.5', 'nettoyage=1.5', 'compost*=2', 'moins de plastique=3', 'consommer local=3', 'bio=1', 'zero dechet=3', 'sacs=1', 'au lieu de prendre la voiture=3', 'a pied=1'],
};
