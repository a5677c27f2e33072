package de.pilotregistry.query.support;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Every read under /api goes through {@link ReadConsistency}. */
@Configuration(proxyBeanMethods = false)
class ReadConsistencyConfiguration implements WebMvcConfigurer {

    private final ReadConsistency consistency;

    ReadConsistencyConfiguration(ReadConsistency consistency) {
        this.consistency = consistency;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(consistency).addPathPatterns("/api/**");
    }
}
