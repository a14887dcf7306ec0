"""sPyNNaker's index expressions ("i != j", "exp(-abs(i - j) / 10)"): strings of i and j
evaluated over numpy arrays without eval.  The string is parsed, and its syntax tree
evaluated node by node; anything but arithmetic, comparisons, sPyNNaker's functions and
numbers of i and j is refused (spynn.pynn.index_connectors uses it)."""

from __future__ import annotations

import ast
from collections.abc import Callable

import numpy as np

# ------------------------------------------------------------ safe expressions
#: sPyNNaker's names (spynnaker/.../index_based_probability_connector.py, _index_expr_context)
#: less modf (a pair of arrays is no probability), the builtin abs, and a few more of numpy's
#: elementwise functions (sPyNNaker reaches them as numpy.<name>).
_FUNCTIONS: dict[str, Callable] = {
    name: getattr(np, name)
    for name in (
        *("arccos", "arcsin", "arctan", "arctan2", "ceil", "cos", "cosh", "exp", "fabs", "floor", "fmod"),
        *("hypot", "ldexp", "log", "log10", "power", "sin", "sinh", "sqrt", "tan", "tanh", "maximum", "minimum"),
        *("absolute", "where", "sign", "clip", "round", "rint", "trunc", "mod", "remainder", "square"),
        *("exp2", "log2", "log1p", "expm1", "logical_and", "logical_or", "logical_not", "logical_xor"),
    )
} | {"abs": np.abs}
_CONSTANTS = {"e": np.e, "pi": np.pi}
_MODULES = ("numpy", "math")  # numpy.exp, math.pi: sPyNNaker has both modules in scope
_BINARY = {
    ast.Add: np.add, ast.Sub: np.subtract, ast.Mult: np.multiply, ast.Div: np.true_divide,
    ast.FloorDiv: np.floor_divide, ast.Mod: np.remainder, ast.Pow: np.power,
    ast.BitAnd: np.bitwise_and, ast.BitOr: np.bitwise_or, ast.BitXor: np.bitwise_xor,
}  # fmt: skip
_UNARY = {ast.USub: np.negative, ast.UAdd: np.positive, ast.Not: np.logical_not, ast.Invert: np.invert}
_COMPARE = {
    ast.Eq: np.equal, ast.NotEq: np.not_equal, ast.Lt: np.less, ast.LtE: np.less_equal,
    ast.Gt: np.greater, ast.GtE: np.greater_equal,
}  # fmt: skip

Evaluator = Callable[[dict], np.ndarray]


class _Refused(Exception):
    """A node of the expression (args[0]) outside the safe set."""


def _symbol(node: ast.AST) -> str | None:
    """x, for a name x, numpy.x or math.x (sPyNNaker has both modules in scope); else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in _MODULES:
        return node.attr
    return None


def _leaf(node: ast.AST) -> Evaluator:
    """i, j, a number, or a constant (e, pi, numpy.pi, math.e...)."""
    if isinstance(node, ast.Name) and node.id in ("i", "j"):
        name = node.id
        return lambda env: env[name]
    if isinstance(node, ast.Constant) and type(node.value) in (int, float, bool):
        value = node.value
    elif _symbol(node) in _CONSTANTS:
        value = _CONSTANTS[_symbol(node)]
    else:
        raise _Refused(node)
    return lambda env: value


def _call(node: ast.Call) -> Evaluator:
    func = _FUNCTIONS.get(_symbol(node.func))
    if func is None or node.keywords:
        raise _Refused(node.func if func is None else node)
    args = [_build(arg) for arg in node.args]
    return lambda env: func(*(arg(env) for arg in args))


def _operator(table: dict, node: ast.AST, op: ast.AST) -> Callable:
    if type(op) not in table:
        raise _Refused(node)
    return table[type(op)]


def _binop(node: ast.BinOp) -> Evaluator:
    func, left, right = _operator(_BINARY, node, node.op), _build(node.left), _build(node.right)
    return lambda env: func(left(env), right(env))


def _unaryop(node: ast.UnaryOp) -> Evaluator:
    func, operand = _operator(_UNARY, node, node.op), _build(node.operand)
    return lambda env: func(operand(env))


def _compare(node: ast.Compare) -> Evaluator:
    """a < b < c elementwise: (a < b) and (b < c) at each pair."""
    funcs = [_operator(_COMPARE, node, op) for op in node.ops]
    terms = [_build(node.left)] + [_build(c) for c in node.comparators]

    def evaluate(env):
        values = [term(env) for term in terms]
        out = funcs[0](values[0], values[1])
        for k in range(1, len(funcs)):
            out = np.logical_and(out, funcs[k](values[k], values[k + 1]))
        return out

    return evaluate


def _boolop(node: ast.BoolOp) -> Evaluator:
    """and / or with Python's meaning at each pair: the first falsy (and) or truthy (or) operand."""
    operands = [_build(v) for v in node.values]
    is_and = isinstance(node.op, ast.And)

    def evaluate(env):
        out = operands[0](env)
        for operand in operands[1:]:
            value, truth = operand(env), np.asarray(out).astype(bool)
            out = np.where(truth, value, out) if is_and else np.where(truth, out, value)
        return out

    return evaluate


def _ifexp(node: ast.IfExp) -> Evaluator:
    test, body, orelse = _build(node.test), _build(node.body), _build(node.orelse)
    return lambda env: np.where(np.asarray(test(env)).astype(bool), body(env), orelse(env))


_BUILDERS = {
    ast.Constant: _leaf, ast.Name: _leaf, ast.Attribute: _leaf, ast.Call: _call, ast.BinOp: _binop,
    ast.UnaryOp: _unaryop, ast.Compare: _compare, ast.BoolOp: _boolop, ast.IfExp: _ifexp,
}  # fmt: skip


def _build(node: ast.AST) -> Evaluator:
    builder = _BUILDERS.get(type(node))
    if builder is None:
        raise _Refused(node)
    return builder(node)


def _fix(owner: str) -> str:
    return (
        f"write {owner}'s probability with i (pre index), j (post index), numbers, + - * / // % **, "
        f"comparisons, and/or/not, 'x if c else y' and the functions {', '.join(sorted(_FUNCTIONS))} "
        f"(also as numpy.<name>), e and pi; or give a pyNN IndexBasedExpression (a callable) instead"
    )


def compile_index_expression(text: str, owner: str) -> Evaluator:
    """The string as a function of {"i": ..., "j": ...} (numpy arrays) giving float arrays,
    built from its syntax tree without eval, and tried once on i = j = 0 so that a wrong
    call shows now; ValueError naming owner, the expression and the fix if it is not safe."""
    text = text.strip()
    try:
        evaluate = _build(ast.parse(text, mode="eval").body)
    except SyntaxError as err:
        raise ValueError(f"{owner}: {text!r} is not a Python expression ({err.msg}); {_fix(owner)}") from None
    except _Refused as refused:
        node = refused.args[0]
        part = ast.get_source_segment(text, node) or type(node).__name__
        raise ValueError(f"{owner}: {part!r} in the index expression {text!r} is not allowed; {_fix(owner)}") from None

    def checked(env: dict) -> np.ndarray:
        try:
            return np.asarray(evaluate(env), dtype=float)
        except (TypeError, ValueError, ArithmeticError) as err:
            raise ValueError(
                f"{owner}: the index expression {text!r} cannot be evaluated ({err}); {_fix(owner)}"
            ) from None

    with np.errstate(all="ignore"):
        checked({"i": np.zeros((1, 1)), "j": np.zeros((1, 1))})
    return checked
