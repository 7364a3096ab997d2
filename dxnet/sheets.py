"""Every kind that goes in and out of Excel, by the name used in URLs and on the command line."""

from dxnet.monitoring.sheets import MilestoneSheet
from dxnet.network.sheets import NetworkMemberSheet, TeamActivitySheet, TeamMemberSheet, TeamSheet, VillageSheet
from dxnet.people.sheets import FocalPointSheet, PeopleSheet
from dxnet.platforms.sheets import PlatformUsageSheet
from dxnet.training.sheets import TrainingSheet

SHEETS = {sheet.kind: sheet for sheet in (PeopleSheet, FocalPointSheet, NetworkMemberSheet, VillageSheet, TeamSheet,
                                          TeamMemberSheet, TeamActivitySheet, MilestoneSheet,
                                          PlatformUsageSheet, TrainingSheet)}
