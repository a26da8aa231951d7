// XLSForm expressions (a small part of XPath) read by a recursive-descent
// parser into the survey format's conditions:
//
//   expr       := and ('or' and)*
//   and        := unary ('and' unary)*
//   unary      := 'not' '(' expr ')' | '(' expr ')' | selected | comparison
//   selected   := 'selected' '(' ref ',' literal ')'
//   comparison := operand ('=' | '!=' | '<' | '<=' | '>' | '>=') operand
//   operand    := ref | literal          ref := '${' name '}' | '.'
//
// One side of a comparison is an answer, the other a fixed value; `= ''`
// means not answered and `!= ''` answered. Anything else is refused by name.

#include "hub/xlsform.hpp"

#include "core/utf8.hpp"

#include <nlohmann/json.hpp>

#include <cctype>

namespace fangsiang::hub {

using core::ErrorCode;
using core::makeError;
using Json = nlohmann::json;

namespace {

constexpr std::size_t kMaxExpressionLength = 2000;
constexpr int kMaxDepth = 16;

struct Token {
    enum class Kind { End, Ref, Self, String, Number, Word, Op, Open, Close, Comma } kind = Kind::End;
    std::string text;
    std::size_t at = 0;  // 1-based character position, for errors
};

class Parser {
public:
    Parser(std::string_view text, bool self) : m_text(text), m_self(self) {}

    core::Result<Json> parse() {
        TRY(tokenise());
        auto condition = TRY(parseOr(0));
        if (peek().kind != Token::Kind::End)
            return fail(peek(), "unexpected \"" + peek().text + "\" after a complete condition");
        return condition;
    }

private:
    core::Error fail(const Token& at, const std::string& why) const {
        return makeError(ErrorCode::InvalidArgument, "at character " + std::to_string(at.at) + ": " + why);
    }
    const Token& peek() const { return m_tokens[m_next]; }
    Token take() { return m_tokens[m_next < m_tokens.size() - 1 ? m_next++ : m_next]; }
    bool isWord(const char* word) const { return peek().kind == Token::Kind::Word && peek().text == word; }

    core::Status expect(Token::Kind kind, const char* what) {
        if (peek().kind != kind)
            return fail(peek(), std::string("expected ") + what +
                                    (peek().kind == Token::Kind::End ? " before the end" : ", not \"" + peek().text + "\""));
        take();
        return core::Ok{};
    }

    core::Status tokenise() {
        std::size_t i = 0;
        auto push = [&](Token::Kind kind, std::string text, std::size_t start) {
            m_tokens.push_back({kind, std::move(text), start + 1});
        };
        while (i < m_text.size()) {
            const char c = m_text[i];
            const std::size_t start = i;
            if (std::isspace(static_cast<unsigned char>(c))) {
                ++i;
            } else if (c == '$') {
                if (i + 1 >= m_text.size() || m_text[i + 1] != '{')
                    return fail({Token::Kind::End, "", start + 1}, "a question is written ${name}");
                const auto close = m_text.find('}', i);
                if (close == std::string_view::npos)
                    return fail({Token::Kind::End, "", start + 1}, "${ is not closed with }");
                push(Token::Kind::Ref, std::string(m_text.substr(i + 2, close - i - 2)), start);
                i = close + 1;
            } else if (c == '\'' || c == '"') {
                const auto close = m_text.find(c, i + 1);
                if (close == std::string_view::npos)
                    return fail({Token::Kind::End, "", start + 1}, "a text in quotes is not closed");
                push(Token::Kind::String, std::string(m_text.substr(i + 1, close - i - 1)), start);
                i = close + 1;
            } else if (std::isdigit(static_cast<unsigned char>(c)) || (c == '-' && i + 1 < m_text.size() &&
                                                                      std::isdigit(static_cast<unsigned char>(m_text[i + 1])))) {
                ++i;
                while (i < m_text.size() && (std::isdigit(static_cast<unsigned char>(m_text[i])) || m_text[i] == '.'))
                    ++i;
                push(Token::Kind::Number, std::string(m_text.substr(start, i - start)), start);
            } else if (c == '.') {
                push(Token::Kind::Self, ".", start);
                ++i;
            } else if (std::isalpha(static_cast<unsigned char>(c))) {
                while (i < m_text.size() && (std::isalnum(static_cast<unsigned char>(m_text[i])) || m_text[i] == '-' ||
                                             m_text[i] == '_' || m_text[i] == ':'))
                    ++i;
                push(Token::Kind::Word, std::string(m_text.substr(start, i - start)), start);
            } else if (c == '!' || c == '<' || c == '>' || c == '=') {
                ++i;
                if (i < m_text.size() && m_text[i] == '=')
                    ++i;
                const std::string op(m_text.substr(start, i - start));
                if (op == "!")
                    return fail({Token::Kind::End, "", start + 1}, "\"!\" alone is not an operator; write not(...)");
                if (op == "==")
                    return fail({Token::Kind::End, "", start + 1}, "XLSForm compares with a single \"=\"");
                push(Token::Kind::Op, op, start);
            } else if (c == '(') {
                push(Token::Kind::Open, "(", start), ++i;
            } else if (c == ')') {
                push(Token::Kind::Close, ")", start), ++i;
            } else if (c == ',') {
                push(Token::Kind::Comma, ",", start), ++i;
            } else {
                return fail({Token::Kind::End, "", start + 1}, "\"" + std::string(1, c) + "\" is not part of a condition");
            }
        }
        m_tokens.push_back({Token::Kind::End, "", m_text.size() + 1});
        return core::Ok{};
    }

    core::Result<Json> parseOr(int depth) {
        return parseList(depth, "or", "any", [this](int d) { return parseAnd(d); });
    }
    core::Result<Json> parseAnd(int depth) {
        return parseList(depth, "and", "all", [this](int d) { return parseUnary(d); });
    }

    template <typename Part>
    core::Result<Json> parseList(int depth, const char* word, const char* key, Part&& part) {
        Json first = TRY(part(depth));
        if (!isWord(word))
            return first;
        Json list = Json::array({std::move(first)});
        while (isWord(word)) {
            take();
            list.push_back(TRY(part(depth)));
        }
        return Json{{key, std::move(list)}};
    }

    core::Result<Json> parseUnary(int depth) {
        if (depth >= kMaxDepth)
            return fail(peek(), "the condition nests more than " + std::to_string(kMaxDepth) + " deep");
        if (isWord("not")) {
            take();
            TRY(expect(Token::Kind::Open, "\"(\" after not"));
            Json inner = TRY(parseOr(depth + 1));
            TRY(expect(Token::Kind::Close, "\")\""));
            return Json{{"not", std::move(inner)}};
        }
        if (peek().kind == Token::Kind::Open) {
            take();
            Json inner = TRY(parseOr(depth + 1));
            TRY(expect(Token::Kind::Close, "\")\""));
            return inner;
        }
        if (isWord("selected"))
            return parseSelected();
        if (peek().kind == Token::Kind::Word)
            return fail(peek(), "\"" + peek().text + "\" is not supported (only and, or, not(), selected(), " +
                                    "comparisons with =, !=, <, <=, >, >=)");
        return parseComparison();
    }

    core::Result<Json> parseSelected() {
        take();
        TRY(expect(Token::Kind::Open, "\"(\" after selected"));
        Json leaf = TRY(reference(take()));
        TRY(expect(Token::Kind::Comma, "\",\" between the question and the choice"));
        const Token choice = take();
        if (choice.kind != Token::Kind::String)
            return fail(choice, "selected() takes a choice name in quotes");
        leaf["selected"] = choice.text;
        TRY(expect(Token::Kind::Close, "\")\""));
        return leaf;
    }

    core::Result<Json> reference(const Token& token) {
        if (token.kind == Token::Kind::Self) {
            if (!m_self)
                return fail(token, "\".\" (this answer) belongs in a constraint, not here");
            return Json::object();
        }
        if (token.kind != Token::Kind::Ref)
            return fail(token, "expected a question ${name}" +
                                   (token.kind == Token::Kind::End ? std::string(" before the end")
                                                                   : ", not \"" + token.text + "\""));
        return Json{{"question", token.text}};
    }

    static bool isAnswer(const Token& t) { return t.kind == Token::Kind::Ref || t.kind == Token::Kind::Self; }
    static bool isValue(const Token& t) { return t.kind == Token::Kind::String || t.kind == Token::Kind::Number; }

    core::Result<Json> literal(const Token& t) {
        if (t.kind == Token::Kind::String)
            return Json(t.text);
        if (t.text.find('.') == std::string::npos) {
            try {
                return Json(std::stoll(t.text));
            } catch (const std::exception&) {
                return fail(t, "the number " + t.text + " is too large");
            }
        }
        char* end = nullptr;
        const double value = std::strtod(t.text.c_str(), &end);
        if (end == nullptr || *end != '\0')
            return fail(t, "\"" + t.text + "\" is not a number");
        return Json(value);
    }

    core::Result<Json> parseComparison() {
        Token left = take();
        if (left.kind == Token::Kind::End)
            return fail(left, "expected a condition before the end");
        const Token op = take();
        if (op.kind != Token::Kind::Op)
            return fail(op, "expected a comparison (=, !=, <, <=, >, >=) after \"" + left.text + "\"");
        Token right = take();
        std::string symbol = op.text;
        if (isAnswer(left) && isAnswer(right))
            return fail(left, "compares two answers; only a comparison of an answer with a fixed value is supported");
        if (isValue(left) && isValue(right))
            return fail(left, "compares two fixed values; one side must be an answer");
        if (!isAnswer(left) && !isAnswer(right))
            return fail(right, "expected a question ${name} or a value, not \"" + right.text + "\"");
        if (isValue(left)) {  // 18 <= ${age}: turned round to ${age} >= 18
            std::swap(left, right);
            if (symbol[0] == '<')
                symbol[0] = '>';
            else if (symbol[0] == '>')
                symbol[0] = '<';
        }
        Json leaf = TRY(reference(left));
        if (!isValue(right))
            return fail(right, "expected a value after " + symbol);
        if (right.kind == Token::Kind::String && right.text.empty()) {
            if (symbol == "=")
                leaf["not_answered"] = true;
            else if (symbol == "!=")
                leaf["answered"] = true;
            else
                return fail(right, "an empty text can only be compared with = or !=");
            return leaf;
        }
        static const std::vector<std::pair<std::string, const char*>> kOps = {
            {"=", "equals"}, {"!=", "not_equals"}, {"<", "less_than"},
            {"<=", "at_most"}, {">", "greater_than"}, {">=", "at_least"}};
        for (const auto& [text, key] : kOps)
            if (text == symbol) {
                leaf[key] = TRY(literal(right));
                return leaf;
            }
        return fail(op, "\"" + symbol + "\" is not a comparison");
    }

    std::string_view m_text;
    bool m_self;
    std::vector<Token> m_tokens;
    std::size_t m_next = 0;
};

}  // namespace

core::Result<std::string> xlsformCondition(std::string_view expression, bool self) {
    if (expression.size() > kMaxExpressionLength)
        return makeError(ErrorCode::TooLarge,
                         "the expression is longer than " + std::to_string(kMaxExpressionLength) + " characters");
    if (!core::isValidUtf8(expression))
        return makeError(ErrorCode::InvalidArgument, "the expression is not readable text (UTF-8)");
    Parser parser(expression, self);
    auto condition = TRY(parser.parse());
    return condition.dump();
}

}  // namespace fangsiang::hub
