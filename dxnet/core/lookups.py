"""`field__in_array=subquery`: the rows whose field is among the subquery's, as PostgreSQL can combine under an OR.

`field IN (subquery)` joined by OR to other conditions makes PostgreSQL read the whole table and test each row (a
province's tasks among the country's: 0.5 s at national scale). `field = ANY(ARRAY(subquery))` runs the subquery
once and looks the values up in the field's index, and several such conditions under an OR combine their indexes
(the same tasks: 38 ms). Other databases get the plain IN.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, Lookup


@Field.register_lookup
@ForeignKey.register_lookup
class InArray(Lookup):
    lookup_name = "in_array"

    def get_prep_lookup(self):
        if hasattr(self.rhs, "clear_ordering"):  # as IN does: a subquery's order is work for nothing
            self.rhs.clear_ordering(clear_default=True)
        return super().get_prep_lookup()

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} IN {rhs}", (*lhs_params, *rhs_params)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", (*lhs_params, *rhs_params)


@Field.register_lookup
@ForeignKey.register_lookup
class AnyOf(Lookup):
    """`field__any_of=values`: a long list of values (thousands of ids) as one array on PostgreSQL, `= ANY(%s)`,
    instead of one parameter each, which the driver spells out into the statement and the server parses again; a
    plain IN elsewhere."""

    lookup_name = "any_of"
    prepare_rhs = False

    def _values(self, connection) -> list:
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection) for value in self.rhs]
        if not values:
            raise EmptyResultSet
        return values

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = self._values(connection)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", (*lhs_params, self._values(connection))
