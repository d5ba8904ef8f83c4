package dev.streamssl.learner.method;

import dev.streamssl.learner.optim.Recipe;
import java.util.List;
import java.util.function.Function;

/**
 * Everything the rest of the system needs to know of one method, in one value: its name in {@code
 * learner.method}, the paper, its options (keys, defaults, descriptions), its optimizer recipes,
 * how its settings are read from the configuration and how it is built. {@link Methods#ALL} lists
 * one per method; configuration, validation, the CLI's help and the docs check read it.
 *
 * @param name the name in {@code learner.method} and in every record the method produces
 * @param paper the paper, for help texts and docs
 * @param options the method's own options, {@code <name>.*}
 * @param small the {@code small} recipe: values measured on this project's reference stream
 * @param paperRecipe the {@code paper} recipe: the paper's and its official code's values
 * @param settings reads the method's settings (views included) from a configuration
 * @param factory builds the untrained method
 */
public record MethodDescriptor(
        String name,
        String paper,
        List<MethodOption<?>> options,
        Recipe small,
        Recipe paperRecipe,
        Function<MethodConfig, MethodSettings> settings,
        Function<LearnerSettings, SslMethod> factory) {

    public MethodDescriptor {
        options = List.copyOf(options);
        for (MethodOption<?> o : options) {
            if (!o.key().startsWith(name + ".")) {
                throw new IllegalArgumentException(
                        "option " + o.key() + " of method " + name + " is not under " + name + ".");
            }
        }
    }

    /**
     * The recipe {@code learner.recipe} names: {@code small}, {@code paper}, or {@code continue}
     * (the small one at a quarter of its rate).
     */
    public Recipe recipe(String recipe) {
        return switch (recipe) {
            case Recipe.SMALL -> small;
            case Recipe.PAPER -> paperRecipe;
            case Recipe.CONTINUE -> small.withRateScaled(Recipe.CONTINUE_RATE_SHARE);
            default ->
                    throw new IllegalArgumentException(
                            "learner.recipe = '"
                                    + recipe
                                    + "' is not known; allowed: small, paper, continue");
        };
    }
}
