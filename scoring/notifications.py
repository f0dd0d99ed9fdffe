"""The notifications of the draw and the evaluation (declared here, sent from the operations).

Drawn experts learn which project they are drawn for; bidders and the purchasing unit learn that
candidates or the result are published. Nothing names an expert before the award.
"""
from core.errors import N_
from core.notifications import page_link, register_kind

register_kind("scoring.invited", N_("Evaluation panel: project %(code)s"),
              N_("You have been drawn for the evaluation panel of project %(code)s “%(title)s”. "
                 "Please accept or decline."))
register_kind("scoring.sheet_returned", N_("Score sheet returned: project %(code)s"),
              N_("The trading center returned your score sheet for project %(code)s for correction: %(reason)s"))
register_kind("scoring.candidates", N_("Candidates published: project %(code)s"),
              N_("The evaluation of project %(code)s “%(title)s” is complete; the winning candidates are "
                 "published until %(until)s."))
register_kind("scoring.awarded", N_("Award published: project %(code)s"),
              N_("Project %(code)s “%(title)s” has been awarded; the result notice is published."))


def assignment_link(project):
    return page_link("evaluation_web.assignment", project_id=project.id)


def evaluation_link(project):
    return page_link("evaluation_web.evaluation", project_id=project.id)
